import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as mupdf from 'mupdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBook } from '../../electron/core/book/book-export'
import type { BookModel } from '../../electron/core/book/book-model'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import type { PageSize } from '../../electron/core/book/edition'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { tempDir } from './temp-library'
import { typographicQuotes } from '../../electron/core/book/book-quotes'
import { PdfFile } from '../e2e/pdf-file'
import { lines, measure, median } from './pdf-lines'

const roman = (n: number) =>
  [
    ['m', 1000],
    ['cm', 900],
    ['d', 500],
    ['cd', 400],
    ['c', 100],
    ['xc', 90],
    ['l', 50],
    ['xl', 40],
    ['x', 10],
    ['ix', 9],
    ['v', 5],
    ['iv', 4],
    ['i', 1],
  ].reduce((out, [letters, value]) => {
    for (; n >= (value as number); n -= value as number) out += letters
    return out
  }, '')

/** The small sans line at the foot of a page (its folio) and at its head (the running head), if any. */
function margins(doc: mupdf.Document, page: number) {
  const [, , , height] = doc.loadPage(page - 1).getBounds()
  const small = lines(doc, page).filter((l) => l.font.size < 9 && /Sans/.test(l.font.name))
  return {
    folio: small.find((l) => l.bbox.y > height * 0.9)?.text.trim() ?? null,
    head: small.find((l) => l.bbox.y < height * 0.08)?.text.trim() ?? null,
  }
}

describe('the demo book as printed', () => {
  const opened: CultureCore[] = []
  const printed = new Map<PageSize, { book: BookModel; doc: mupdf.Document; pages: number; file: PdfFile; prints: string[] }>()

  beforeAll(async () => {
    const core = openCore(join(tempDir(), 'demo.sqlite'), { rebuildSearch: () => new Promise(() => {}) })
    opened.push(core)
    seedDemoStories(core)
    const printer = chromiumPrinter()
    for (const pageSize of ['A4', 'Letter'] as const) {
      core.books.editions.update(2024, { pageSize, foreword: 'A year of stories.\n\nThank you all.' })
      const book = core.books.model(2024)
      const out = join(tempDir(), `demo-${pageSize}.pdf`)
      const result = await exportBook(book, { format: 'pdf', outPath: out, printer })
      printed.set(pageSize, {
        book,
        doc: mupdf.Document.openDocument(readFileSync(out), 'application/pdf'),
        pages: result.pages!,
        file: new PdfFile(out),
        prints: Object.keys(result.timings).filter((step) => step.startsWith('print-')),
      })
    }
  }, 120_000)
  afterAll(() => {
    opened.forEach((core) => core.close())
    for (const { file } of printed.values()) file.close()
  })

  it('sets 60–75 characters to a line on A4 and Letter', () => {
    for (const [size, { doc, pages, book }] of printed) {
      const counts = measure(doc)
      console.log(size, {
        pages,
        estimated: book.estimatedPages,
        median: median(counts),
        p10: counts[Math.floor(counts.length / 10)],
        p90: counts[Math.floor(counts.length * 0.9)],
      })
      expect(counts.length).toBeGreaterThan(30)
      expect.soft(median(counts), size).toBeGreaterThanOrEqual(60)
      expect.soft(median(counts), size).toBeLessThanOrEqual(75)
    }
  })

  it('opens the title page, the contents and every chapter on a right-hand page, a blank left-hand page before where needed', () => {
    for (const [size, { book, file }] of printed) {
      const rectos = ['title-page', 'contents', ...book.chapters.map((c) => `chapter-${c.number}`)]
      const pages = rectos.map((anchor) => file.destinationPage(anchor)!)
      expect(
        pages.map((p) => p % 2),
        `${size}: ${pages}`,
      ).toEqual(rectos.map(() => 1))
      // The demo's chapters are short: some end on a right-hand page, and the next opener needs a blank.
      // The title page is page 1 (the cover is a PDF of its own): no page before it.
      expect(pages[0], size).toBe(1)
      const blanks = pages.filter((p) => p > 1 && file.text(p - 1).trim() === '')
      expect(blanks.length, size).toBeGreaterThan(0)
    }
  })

  it('foresees where every page lands with its blanks: two prints, as before', () => {
    for (const [size, { prints }] of printed) {
      expect(prints, size).toEqual(['print-1', 'print-2'])
    }
  })

  it('numbers the front matter in roman and the body in arabic from the first opener, with no folio on openers, the title page or blanks', () => {
    for (const [size, { book, doc, file }] of printed) {
      const front = file.destinationPage('chapter-1')! - 1
      const bare = new Set([
        1,
        file.destinationPage('title-page')!,
        ...book.chapters.map((c) => file.destinationPage(`chapter-${c.number}`)!),
      ])
      const seen: string[] = []
      for (let p = 1; p <= doc.countPages(); p++) {
        const { folio, head } = margins(doc, p)
        const blank = file.text(p).trim() === ''
        if (bare.has(p) || blank) {
          expect({ size, p, folio, head }).toEqual({ size, p, folio: null, head: null })
          continue
        }
        expect({ size, p, folio }).toEqual({ size, p, folio: p <= front ? roman(p) : String(p - front) })
        seen.push(folio!)
      }
      // A viewer shows the same numbers: the PDF's page labels.
      const labels = Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).getLabel())
      expect(labels, size).toEqual(labels.map((_, i) => (i < front ? roman(i + 1) : String(i + 1 - front))))
      // Roman numerals, then 1, 2, 3 … (1 itself is the first opener's, unprinted).
      expect(
        seen.some((f) => /^[ivx]+$/.test(f)),
        size,
      ).toBe(true)
      expect(seen.filter((f) => /^\d+$/.test(f)).map(Number)[0], size).toBe(2)
    }
  })

  it('prints in the contents the arabic page each chapter opens on', () => {
    for (const [size, { book, file }] of printed) {
      const front = file.destinationPage('chapter-1')! - 1
      const contents = file.text(file.destinationPage('contents')!).split('\n')
      for (const chapter of book.chapters) {
        const line = contents.find((l) => l.includes(chapter.name.slice(0, 20)))!
        // A name that wraps puts its page on the next row.
        const row = /\d+\s*$/.test(line) ? line : contents[contents.indexOf(line) + 1]
        const shown = Number(/(\d+)\s*$/.exec(row)![1])
        expect({ size, chapter: chapter.name, page: shown + front }).toEqual({
          size,
          chapter: chapter.name,
          page: file.destinationPage(`chapter-${chapter.number}`),
        })
      }
    }
  })

  it('hyphenates the Danish and Swedish stories at the ends of their justified lines', () => {
    const { book, doc, file } = printed.get('A4')!
    for (const language of ['da', 'sv']) {
      const stories = book.chapters.flatMap((c) => c.stories).filter((s) => s.language === language)
      expect(stories.length, language).toBeGreaterThan(0)
      const broken = stories.flatMap((s) => {
        const page = file.destinationPage(`story-${s.id}`)!
        return [page, page + 1].flatMap((p) => lines(doc, p).map((l) => l.text.trimEnd())).filter((t) => /\p{L}\u00ad?-$/u.test(t))
      })
      expect(broken.length, language).toBeGreaterThan(0)
    }
  })

  it('lists every story in the contents under its chapter, at the page it starts on', () => {
    for (const [size, { book, file }] of printed) {
      const front = file.destinationPage('chapter-1')! - 1
      const contents: string[] = []
      for (let p = file.destinationPage('contents')!; p < front + 1; p++) contents.push(...file.text(p).split('\n'))
      for (const story of book.chapters.flatMap((c) => c.stories)) {
        const title = typographicQuotes(story.title, story.language)
        const at = contents.findIndex((l) => l.includes(title.slice(0, 20)))
        expect(at, `${size}: ${title}`).toBeGreaterThan(-1)
        // A title that wraps puts its author and page on the next row.
        const row = [contents[at], contents[at + 1]].find((l) => /\d+\s*$/.test(l))!
        const page = Number(/(\d+)\s*$/.exec(row)![1]) + front
        expect({ size, title, page }).toEqual({ size, title, page: file.destinationPage(`story-${story.id}`) })
        expect(file.text(page).replace(/\s+/g, ' ')).toContain(title.slice(0, 20))
      }
    }
  })

  it('gives each contributor’s pages in the index once each', () => {
    for (const [size, { book, file }] of printed) {
      const index = file.text(file.destinationPage('contributors')!).replace(/\s+/g, ' ')
      for (const { name } of book.contributors) {
        const entry = new RegExp(`${name}\\s+([\\d, –]+)`).exec(index)
        expect(entry, `${size}: ${name}`).not.toBeNull()
        const pages = entry![1]
          .split(/[,–]/)
          .map((p) => p.trim())
          .filter(Boolean)
        expect(new Set(pages).size, `${size}: ${name} ${entry![1]}`).toBe(pages.length)
      }
    }
  })

  it('centres the year line under the title on the title page', () => {
    for (const [size, { book, doc, file }] of printed) {
      const onTitlePage = lines(doc, file.destinationPage('title-page')!)
      const centre = (text: string) => {
        const line = onTitlePage.find((l) => l.text.trim() === text)!
        return line.bbox.x + line.bbox.w / 2
      }
      // Before, the line under the centred title was set flush left (justified, as every paragraph).
      expect(Math.abs(centre(String(book.edition.year)) - centre(book.edition.title)), size).toBeLessThan(2)
    }
  })
})
