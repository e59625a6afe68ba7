import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBook, type ExportResult } from '../../electron/core/book/book-export'
import { exportCover, spineWidth } from '../../electron/core/book/book-cover'
import type { BookModel, BookStory } from '../../electron/core/book/book-model'
import { typographicQuotes } from '../../electron/core/book/book-quotes'
import { locateChromium, type LocatedChromium } from '../../electron/core/book/chromium-locator'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { namedDestinationPages } from '../../electron/core/book/pdf-destinations'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { storyFields } from '../../electron/core/stories/story-input'
import { SCREENSHOTS } from './browser-mode'
import { PdfFile } from './pdf-file'

const ROOT = resolve(import.meta.dirname, '../..')
/** A chapter opener carries "CHAPTER n" on a line of its own (letter-spaced, hence no spaces compared). */
const isOpenerOf = (page: string, chapter: number) =>
  page.split('\n').some((l) => l.replace(/\s+/g, '').toLowerCase() === `chapter${chapter}`)

/**
 * The PDF read back with MuPDF: the page numbers printed in the contents and the contributors
 * index must be the pages where those chapters and stories really are.
 */
describe('the yearly book as a PDF', () => {
  let dir: string
  let core: CultureCore
  let book: BookModel
  let result: ExportResult
  let chromium: LocatedChromium
  let pdfPath: string
  let pdf: PdfFile
  let excludedTitle: string
  const text = (page: number) => pdf.text(page)
  /** A title as the book prints it: with its language's quotation marks and apostrophes. */
  const printedTitle = (s: BookStory) => typographicQuotes(s.title, s.language)
  /** The sheet side a printed page number is on: the body counts in arabic from the first chapter's opener. */
  const bodyPage = (shown: number) => shown + pdf.destinationPage('chapter-1')! - 1

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'culture-book-pdf-'))
    core = openCore(join(dir, 'library.sqlite'))
    seedDemoStories(core)
    // Every 2025 story goes in, but one is left out by the curator.
    const stories = core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1000, year: 2025 }).items
    for (const s of stories) if (s.status !== 'approved') core.stories.setStatus(s.id, 'approved')
    excludedTitle = typographicQuotes(stories[0].title, stories[0].language)
    // A very long account must flow across many pages with its title kept to its first lines.
    const longBody = Array.from(
      { length: 1500 },
      (_, i) => `Paragraph ${i + 1} of the long story, told in full twenty words so that it runs well past a page.`,
    ).join('\n\n')
    const valueId = core.values.list()[0].id
    const long = core.stories.create(
      storyFields.parse({
        title: 'The very long account',
        body: longBody,
        author: 'Ida Long',
        happenedOn: '2025-10-10',
        valueIds: [valueId],
        primaryValueId: valueId,
      }),
      'draft',
    )
    core.stories.setStatus(long.id, 'approved')
    core.books.editions.update(2025, {
      company: 'Northwind Shoes',
      excludedStories: [stories[0].id],
      foreword: 'Æblegrød, smørrebrød, på gång, här och nu — café 🎉',
    })
    book = core.books.model(2025)
    pdfPath = join(dir, 'culture-book-2025.pdf')
    chromium = await locateChromium()
    result = await exportBook(book, { format: 'pdf', outPath: pdfPath, printer: chromiumPrinter(chromium) })
    pdf = new PdfFile(pdfPath)
  })

  afterAll(() => {
    pdf?.close()
    core?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has a plausible page count on A4 and embeds every font', () => {
    expect(pdf.pageCount).toBe(result.pages)
    expect(pdf.pageCount).toBeGreaterThan(book.chapters.length + 4)
    for (const page of [1, pdf.pageCount]) {
      const { width, height } = pdf.pageSize(page)
      expect(width).toBeCloseTo(595, 0)
      expect(height).toBeCloseTo(842, 0)
    }
    const fonts = pdf.fonts()
    expect(fonts.length).toBeGreaterThan(2)
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true })
    const names = fonts.map((f) => f.name).join('\n')
    expect(names).toMatch(/SourceSerif4/)
    // The foreword's emoji print from the shipped emoji font.
    expect(names).toMatch(/NotoEmoji/)
    expect(names).not.toMatch(/DejaVu|Liberation|FreeSerif|OpenSans/)
  })

  it('prints the right page numbers in the table of contents', () => {
    const contentsPage = [1, 2, 3, 4, 5].find((p) => text(p).split('\n').includes('Contents'))!
    const contents = text(contentsPage)
    for (const chapter of book.chapters.slice(0, 4)) {
      const line = contents.split('\n').find((l) => l.includes(chapter.name.slice(0, 30)))!
      const printed = bodyPage(Number(/(\d+)\s*$/.exec(line)![1]))
      // The opener of that chapter is on exactly that page.
      expect(isOpenerOf(text(printed), chapter.number), `chapter ${chapter.number} on page ${printed}`).toBe(true)
      expect(isOpenerOf(text(printed - 1), chapter.number)).toBe(false)
    }
  })

  it('prints the right pages in the contributors index', () => {
    const indexPage = Array.from({ length: result.pages! }, (_, i) => result.pages! - i).find((p) => text(p).includes('Contributors'))!
    const index = text(indexPage).replace(/\s+/g, ' ')
    const stories = new Map(book.chapters.flatMap((c) => c.stories).map((s) => [s.id, s]))
    for (const contributor of book.contributors.slice(0, 3)) {
      const entry = new RegExp(`${contributor.name}\\s+([\\d, –]+)`).exec(index)
      expect(entry, contributor.name).not.toBeNull()
      // Each page once ("5, 5" is "5"), a run of pages as a range ("12–14").
      const listed = entry![1]
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
      expect(new Set(listed).size, entry![1]).toBe(listed.length)
      const pages = listed.flatMap((p) => {
        const [from, to = from] = p.split('–').map(Number)
        return Array.from({ length: to - from + 1 }, (_, i) => from + i)
      })
      for (const id of contributor.storyIds) {
        const title = printedTitle(stories.get(id)!)
        const page = pages.find((p) => text(bodyPage(p)).replace(/\s+/g, ' ').includes(title.replace(/\s+/g, ' ').slice(0, 25)))
        expect(page, title).toBeDefined()
        expect(bodyPage(page!), title).toBe(pdf.destinationPage(`story-${id}`))
      }
    }
  })

  it('contains every included story, not the excluded one, and keeps Nordic letters', () => {
    const all = pdf.allText().replace(/\s+/g, ' ')
    for (const s of book.chapters.flatMap((c) => c.stories)) expect(all).toContain(printedTitle(s).replace(/\s+/g, ' ').slice(0, 25))
    expect(all).not.toContain(excludedTitle)
    expect(all).toContain('Æblegrød, smørrebrød, på gång, här och nu — café')
  })

  it('has bookmarks and named destinations for the chapters, read alike by pdf-lib and MuPDF', async () => {
    const squeeze = (t: string) => t.replace(/\s+/g, '')
    const outline = pdf.outline()
    const destinations = await namedDestinationPages(readFileSync(pdfPath))
    for (const chapter of book.chapters) {
      const page = pdf.destinationPage(`chapter-${chapter.number}`)
      expect(page, `chapter-${chapter.number}`).not.toBeNull()
      expect(destinations.get(`chapter-${chapter.number}`)).toBe(page)
      expect(isOpenerOf(text(page!), chapter.number)).toBe(true)
      // A heading that wraps loses the space at the break in the bookmark; compare without spaces.
      expect(
        outline.find((b) => squeeze(b.title) === squeeze(chapter.name)),
        chapter.name,
      ).toMatchObject({ page })
    }
  })

  it('never strands a story title at the bottom of a page, and flows a 30,000-word story', () => {
    let longPages = 0
    for (let p = 1; p <= pdf.pageCount; p++) {
      // The text layer keeps the body's soft hyphens (every place a word may break).
      const page = text(p).replaceAll('\u00ad', '')
      if (page.includes('Paragraph ')) longPages++
      // The contents lists every title too, each on a line of its own: the stories start at the first opener.
      if (p < pdf.destinationPage('chapter-1')!) continue
      for (const s of book.chapters.flatMap((c) => c.stories)) {
        const head = printedTitle(s).slice(0, 25)
        const at = page.indexOf(head)
        if (at < 0) continue
        // After a title on the same page come its byline and the start of its text.
        expect(page.slice(at + head.length).replace(/\s+/g, ' ').length, `${s.title} on page ${p}`).toBeGreaterThan(200)
      }
    }
    expect(longPages).toBeGreaterThan(20)
  })

  it('renders pages worth looking at, and the cover of its own', async () => {
    // A fresh folder each run, so nothing left from an earlier run can stand in for these pages.
    const folder = join(SCREENSHOTS, 'book-pages')
    rmSync(folder, { recursive: true, force: true })
    mkdirSync(folder, { recursive: true })
    const opener = pdf.destinationPage(`chapter-${book.chapters[1].number}`)!
    const storyPage = pdf.destinationPage(`chapter-${book.chapters[0].number}`)! + 1
    const rendered = new Map([1, 3, opener, storyPage].map((page) => [page, pdf.render(page, 50, join(folder, `book-page-${page}.png`))]))
    // The cover: back, spine and front on one sheet, printed on its own (the interior starts with the title page).
    const coverPath = join(dir, 'culture-book-2025-cover.pdf')
    await exportCover(book.edition, result.pages!, { printer: chromiumPrinter(chromium), outPath: coverPath })
    const coverPdf = new PdfFile(coverPath)
    const cover = coverPdf.render(1, 50, join(folder, 'book-cover.png'))
    coverPdf.close()
    expect(readdirSync(folder).sort()).toEqual([...[...rendered.keys()].map((p) => `book-page-${p}.png`), 'book-cover.png'].sort())
    for (const [page, { width, height, ink }] of rendered) {
      // A4 (595 × 842 pt) at 50 dpi.
      expect(Math.abs(width - (595 * 50) / 72), `width of page ${page}`).toBeLessThan(2)
      expect(Math.abs(height - (842 * 50) / 72), `height of page ${page}`).toBeLessThan(2)
      // Something is printed, and the page is not a solid block.
      expect(ink, `ink on page ${page}`).toBeGreaterThan(0.001)
      expect(ink, `ink on page ${page}`).toBeLessThan(0.5)
    }
    // The title page is page 1; a page of a story is mostly paper with lines of text.
    expect(text(1)).toContain(book.edition.title)
    expect(rendered.get(storyPage)!.ink).toBeGreaterThan(rendered.get(3)!.ink)
    // The cover is a full-bleed colour sheet: two A4 pages and the spine (0.1 mm a leaf) wide.
    const coverWidth = 2 * 595.3 + (spineWidth(result.pages!, 0.1) * 72) / 25.4
    expect(Math.abs(cover.width - (coverWidth * 50) / 72)).toBeLessThan(2)
    expect(Math.abs(cover.height - (842 * 50) / 72)).toBeLessThan(2)
    expect(cover.ink).toBeGreaterThan(0.9)
  })

  it('makes the same book from the command line, and says how to point it at Chromium', () => {
    const out = join(dir, 'cli.pdf')
    const library = join(dir, 'library.sqlite')
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'out/main/book.js'),
        '--library',
        library,
        '--year',
        '2025',
        '--out',
        out,
        '--chromium',
        chromium.executablePath,
        '--cover',
        join(dir, 'cli-cover.pdf'),
      ],
      { encoding: 'utf8' },
    )
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/Wrote .*cli\.pdf \(\d+ pages\)/)
    // The cover beside it, its spine from the pages just printed.
    const pages = Number(/\((\d+) pages\)/.exec(run.stdout)![1])
    expect(run.stdout).toContain(`cli-cover.pdf (the cover, spine ${spineWidth(pages, 0.1)} mm)`)
    const cover = new PdfFile(join(dir, 'cli-cover.pdf'))
    expect(cover.pageCount).toBe(1)
    expect(cover.pageSize(1).width).toBeCloseTo(2 * 595.28 + (spineWidth(pages, 0.1) * 72) / 25.4, 0)
    cover.close()
    const missing = spawnSync(
      process.execPath,
      [
        join(ROOT, 'out/main/book.js'),
        '--library',
        library,
        '--year',
        '2025',
        '--out',
        join(dir, 'x.pdf'),
        '--chromium',
        '/nowhere/chromium',
      ],
      { encoding: 'utf8' },
    )
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('Chromium was not found at "/nowhere/chromium"')
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false)
    const empty = spawnSync(
      process.execPath,
      [join(ROOT, 'out/main/book.js'), '--library', library, '--year', '2019', '--out', join(dir, 'y.pdf')],
      { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: chromium.executablePath } },
    )
    expect(empty.status).toBe(1)
    expect(empty.stderr).toMatch(/no stories for 2019/)
  })

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'prints from the command line on a machine with no Chromium, with the bundled one',
    () => {
      const out = join(dir, 'bare.pdf')
      const { CHROMIUM_PATH: _unused, ...env } = process.env
      const run = spawnSync(
        process.execPath,
        [join(ROOT, 'out/main/book.js'), '--library', join(dir, 'library.sqlite'), '--year', '2025', '--out', out],
        {
          encoding: 'utf8',
          // Nothing on PATH (node is started by its full path): no chromium, no google-chrome.
          env: { ...env, PATH: mkdtempSync(join(dir, 'empty-path-')) },
        },
      )
      expect(run.status, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/Printing with the bundled Chromium \d+[\d.]* \(@sparticuz\/chromium\)/)
      const printed = new PdfFile(out)
      try {
        expect(printed.pageCount).toBe(result.pages)
      } finally {
        printed.close()
      }
    },
  )
})
