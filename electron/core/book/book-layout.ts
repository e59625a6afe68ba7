/**
 * Chromium ignores `break-before: right`, so the book finds its right-hand pages itself: from a print
 * without blank pages it knows the page of every anchor that must start a right-hand (odd) page, and
 * puts a blank page before each one that fell on a left-hand page, counting the blanks already put in.
 * A blank page moves nothing within a page (left and right pages share the text block's width), so
 * every anchor's page afterwards is its page before plus the blanks in front of it.
 */
export interface RectoLayout {
  /** Anchors that get a blank page before them. */
  blanks: Set<string>
  /** Every anchor's page (1-based, counting every sheet side) once the blanks are in. */
  pages: Map<string, number>
}

export function rectoLayout(printed: ReadonlyMap<string, number>, rectos: readonly string[]): RectoLayout {
  const blanks = new Set<string>()
  /** The first-print pages that a blank page goes in front of. */
  const blankAt: number[] = []
  for (const anchor of rectos) {
    const page = printed.get(anchor)
    if (page === undefined) continue
    if ((page + blankAt.length) % 2 === 0) {
      blanks.add(anchor)
      blankAt.push(page)
    }
  }
  const pages = new Map<string, number>()
  for (const [anchor, page] of printed) pages.set(anchor, page + blankAt.filter((at) => at <= page).length)
  return { blanks, pages }
}

/** The pages before the first chapter's opener: the front matter, numbered in roman. */
export const frontPageCount = (pages: ReadonlyMap<string, number>, firstChapter: string) => (pages.get(firstChapter) ?? 1) - 1

/**
 * The number a page prints and the contents and index show: arabic from the first chapter's
 * opener (page 1), the pages before it in roman.
 */
export function bodyPageNumbers(pages: ReadonlyMap<string, number>, firstChapter: string): Map<string, number> {
  const front = frontPageCount(pages, firstChapter)
  return new Map([...pages].map(([anchor, page]) => [anchor, page - front]))
}
