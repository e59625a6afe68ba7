import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as mupdf from 'mupdf'
import { PDFDocument, PDFName, type PDFPage } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coverSize, exportCover, spineWidth } from '../../electron/core/book/book-cover'
import { exportBook } from '../../electron/core/book/book-export'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { PAGE_SIZES, type PageSize } from '../../electron/core/book/edition'
import { PAGE_GEOMETRY } from '../../electron/core/book/page-geometry'
import { photoPrint } from '../../electron/core/book/photo-resolution'
import { BLEED_MM, MARK_AREA_MM, ptOf } from '../../electron/core/book/print-marks'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { createDispatch } from '../../electron/core/dispatch'
import type { ExportResult } from '../../electron/core/book/book-model'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import { pdfImages } from './pdf-images'
import { measure, median } from './pdf-lines'
import { phonePhoto } from './photo-samples'
import { oldFormatLibrary, storyInput, tempCore, tempDir } from './temp-library'

const box = (page: PDFPage, name: 'MediaBox' | 'TrimBox' | 'BleedBox') => {
  const b = page.node.lookup(PDFName.of(name))
  if (!b) return null
  const r = name === 'MediaBox' ? page.getMediaBox() : name === 'TrimBox' ? page.getTrimBox() : page.getBleedBox()
  return [r.x, r.y, r.x + r.width, r.y + r.height].map((n) => Math.round(n * 10) / 10)
}
const near = (a: number[] | null, b: number[]) => {
  expect(a).not.toBeNull()
  a!.forEach((n, i) => expect(Math.abs(n - b[i]), `${a} vs ${b}`).toBeLessThan(0.6))
}

describe('print-shop editions through the contract', () => {
  it('keeps every trim size, the bleed, the paper and the back cover text, and refuses what is not one', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    for (const pageSize of PAGE_SIZES) {
      expect(await dispatch('editions.update', { year: 2025, fields: { pageSize } })).toMatchObject({ ok: true, value: { pageSize } })
    }
    const saved = await dispatch('editions.update', {
      year: 2025,
      fields: { bleed: true, paperThickness: 0.12, backCover: '  Stories of the year.  ' },
    })
    expect(saved).toMatchObject({ ok: true, value: { bleed: true, paperThickness: 0.12, backCover: 'Stories of the year.' } })
    expect(core.books.editions.find(2025)).toMatchObject({ pageSize: 'Digest', bleed: true, paperThickness: 0.12 })
    const refused = async (fields: object, code: string) =>
      expect(await dispatch('editions.update', { year: 2025, fields })).toMatchObject({ ok: false, error: { issues: [{ code }] } })
    await refused({ pageSize: 'B5' }, 'edition.pageSizeInvalid')
    await refused({ paperThickness: 1 }, 'edition.paperThicknessInvalid')
    await refused({ paperThickness: 0 }, 'edition.paperThicknessInvalid')
    await refused({ backCover: 'x'.repeat(801) }, 'edition.backCoverTooLong')
  })

  it('gives an edition from before trim sizes (schema 18) no bleed, 0.1 mm paper and no back cover text, its size kept', () => {
    const file = join(tempDir(), 'library.sqlite')
    const old = oldFormatLibrary(file, 18, {
      id: '6f1c0c57-64f2-4a43-9f7e-2f2b6a1e0a01',
      title: 'Old story',
      at: '2024-01-01T10:00:00.000Z',
    })
    old
      .prepare(
        `INSERT INTO editions (id, year, title, subtitle, company, foreword, closing, page_size, language, statuses, chapter_order,
           dropped_values, excluded_stories, story_order, created_at, updated_at)
         VALUES ('e1', 2024, 'Our 2024 book', '', 'Northwind', 'Hello', '', 'Letter', 'da', '["approved"]', '[]', '[]', '[]', '{}', 'x', 'x')`,
      )
      .run()
    old.close()
    const core = tempCore(file)
    expect(core.books.editions.find(2024)).toMatchObject({
      title: 'Our 2024 book',
      pageSize: 'Letter',
      language: 'da',
      bleed: false,
      paperThickness: 0.1,
      backCover: '',
    })
    expect(core.books.editions.update(2024, { pageSize: 'USTrade' }).pageSize).toBe('USTrade')
  })
})

describe('trim sizes', () => {
  it('keep a 60–75 character measure and an inner margin of 16 mm or more', () => {
    for (const size of PAGE_SIZES) {
      const g = PAGE_GEOMETRY[size]
      // 66 characters of 11 pt across 126 mm, as printed (book-print-typography.test.ts measures it).
      const chars = ((g.textWidth * 66) / 126) * (11 / g.fontSize)
      expect(chars, size).toBeGreaterThanOrEqual(60)
      expect(chars, size).toBeLessThanOrEqual(75)
      expect(g.inner, size).toBeGreaterThanOrEqual(16)
      expect(g.outer, size).toBeGreaterThan(10)
      expect(Math.abs(g.inner + g.textWidth + g.outer - g.width), size).toBeLessThan(0.01)
    }
  })
})

describe('the cover', () => {
  it('has a spine of a leaf of paper for every two pages', () => {
    expect(spineWidth(480, 0.1)).toBe(24)
    expect(spineWidth(120, 0.1)).toBe(6)
    expect(spineWidth(200, 0.125)).toBe(12.5)
    // Sheet: back + spine + front, plus 3 mm bleed on each side when for a print shop.
    expect(coverSize({ pageSize: 'USTrade', bleed: false, paperThickness: 0.1 }, 480)).toEqual({
      spine: 24,
      bleed: 0,
      width: 328.8,
      height: 228.6,
    })
    expect(coverSize({ pageSize: 'USTrade', bleed: true, paperThickness: 0.1 }, 300)).toEqual({
      spine: 15,
      bleed: 3,
      width: 325.8,
      height: 234.6,
    })
  })
})

describe('photos on paper', () => {
  it('print at their own size, shrunk to the text block, never enlarged: at 96 dpi or more', () => {
    // 2,400 pixels across 126 mm of A4.
    expect(photoPrint({ width: 2400, height: 1600 }, 'A4')).toMatchObject({ width: 126, dpi: 483 })
    // 300 pixels print 79 mm wide at their own 96 an inch, not stretched to the column.
    expect(photoPrint({ width: 300, height: 200 }, 'A4')).toMatchObject({ dpi: 96 })
    expect(photoPrint({ width: 300, height: 200 }, 'A4').width).toBeCloseTo(79.4, 1)
    // A tall one is held by the height: a Digest page is shorter.
    expect(photoPrint({ width: 1000, height: 3000 }, 'Digest').height).toBeCloseTo(PAGE_GEOMETRY.Digest.height - 38 - 25, 1)
  })

  it('are listed in the export’s notes when they print below 150 dpi, each embedded at its own pixels', async () => {
    const core = tempCore()
    const small = await core.photos.add(await phonePhoto(500, 400))
    const large = await core.photos.add(await phonePhoto(2400, 1800))
    const body = `Before.\n\n![The van](photo:${small.id})\n\nBetween.\n\n![The team](photo:${large.id})\n\nAfter.`
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Two photos', body, happenedOn: '2025-05-01' })), 'approved')
    core.books.editions.update(2025, { pageSize: 'USTrade' })
    const out = join(tempDir(), 'photos.pdf')
    const result = await exportBook(core.books.model(2025), {
      format: 'pdf',
      outPath: out,
      printer: chromiumPrinter(),
      photo: (id) => core.photos.find(id),
    })
    // 400 × 500 after turning upright: 106 mm wide at 96 dpi, no more than 116 mm of US Trade.
    expect(result.notes).toEqual([
      { code: 'photoLowResolutionInStory', params: { src: `photo:${small.id}`, dpi: 96, title: 'Two photos' } },
    ])
    expect(await pdfImages(readFileSync(out))).toEqual(
      expect.arrayContaining([
        { width: 400, height: 500 },
        { width: 1800, height: 2400 },
      ]),
    )
  }, 60_000)
})

describe('the cover through the contract', () => {
  it('is an export of its own, given the interior’s page count, and is refused without one', async () => {
    const dir = tempDir()
    const core = openCore(join(dir, 'library.sqlite'), { printer: () => chromiumPrinter(), exportDir: dir })
    try {
      core.stories.create(storyFields.parse(storyInput(core, { happenedOn: '2025-03-04' })), 'approved')
      core.books.editions.update(2025, { pageSize: 'A5', paperThickness: 0.1 })
      const dispatch = createDispatch(core)
      expect(await dispatch('book.export', { year: 2025, format: 'cover' })).toMatchObject({
        ok: false,
        error: { issues: [{ code: 'book.coverPagesInvalid' }] },
      })
      const started = await dispatch('book.export', { year: 2025, format: 'cover', pages: 200 })
      expect(started.ok).toBe(true)
      const id = (started as { value: JobState }).value.id
      while (core.jobs.get(id).state === 'running') await new Promise((r) => setTimeout(r, 50))
      const job = core.jobs.get(id) as JobState<ExportResult>
      expect(job.state, JSON.stringify(job.error)).toBe('done')
      expect(job.result!.path).toMatch(/culture-book-2025-cover.*\.pdf$/)
      // A5: 2 × 148 mm + 100 leaves of 0.1 mm.
      expect(job.result!.cover).toEqual({ spine: 10, bleed: 0, width: 306, height: 210 })
      const page = (await PDFDocument.load(readFileSync(job.result!.path))).getPage(0)
      near(box(page, 'MediaBox'), [0, 0, ptOf(306), ptOf(210)])
    } finally {
      core.close()
    }
  }, 60_000)
})

describe('a demo book for a print shop, printed', () => {
  const opened: CultureCore[] = []
  // Bytes, not paths: tempDir's folders go after the first test.
  const printed = new Map<PageSize, { bytes: Buffer; pages: number; estimated: number; doc: mupdf.Document }>()
  const covers = new Map<number, Buffer>()
  let core: CultureCore

  beforeAll(async () => {
    core = openCore(join(tempDir(), 'demo.sqlite'), { rebuildSearch: () => new Promise(() => {}) })
    opened.push(core)
    seedDemoStories(core)
    const printer = chromiumPrinter()
    for (const [pageSize, bleed] of [
      ['USTrade', true],
      ['Digest', false],
    ] as const) {
      core.books.editions.update(2024, { pageSize, bleed, backCover: 'A year of stories, told by the people who lived them.' })
      const path = join(tempDir(), `demo-${pageSize}.pdf`)
      const book = core.books.model(2024)
      const result = await exportBook(book, { format: 'pdf', outPath: path, printer })
      const bytes = readFileSync(path)
      printed.set(pageSize, {
        bytes,
        pages: result.pages!,
        estimated: book.estimatedPages,
        doc: mupdf.Document.openDocument(bytes, 'application/pdf'),
      })
    }
    core.books.editions.update(2024, { pageSize: 'USTrade', bleed: true })
    for (const pages of [96, 480]) {
      const path = join(tempDir(), `cover-${pages}.pdf`)
      await exportCover(core.books.editions.find(2024)!, pages, { printer, outPath: path })
      covers.set(pages, readFileSync(path))
    }
  }, 240_000)
  afterAll(() => opened.forEach((c) => c.close()))

  it('estimates the pages of a book trim as it does A4’s: within 10% of the print', () => {
    for (const [size, { pages, estimated }] of printed) {
      console.log(size, { pages, estimated })
      expect(Math.abs(estimated - pages) / pages, size).toBeLessThanOrEqual(0.1)
    }
  })

  it('sets 60–75 characters to a line on the book trims', () => {
    for (const [size, { doc }] of printed) {
      const counts = measure(doc, PAGE_GEOMETRY[size].fontSize)
      console.log(size, { median: median(counts), lines: counts.length })
      expect(counts.length, size).toBeGreaterThan(30)
      expect(median(counts), size).toBeGreaterThanOrEqual(60)
      expect(median(counts), size).toBeLessThanOrEqual(75)
    }
  })

  it('prints an even number of pages, the last one blank with no folio where padding was needed', async () => {
    for (const [size, { bytes, pages, doc }] of printed) {
      expect(pages % 2, size).toBe(0)
      expect(doc.countPages(), size).toBe(pages)
      expect((await PDFDocument.load(bytes)).getPageCount(), size).toBe(pages)
    }
    // The last page of each: blank (padding, no folio), or the year in numbers. The demo on US Trade
    // comes to an odd count without the blank at its end (23 pages), so one of them is padded.
    const lasts = [...printed].map(([size, { doc }]) => [
      size,
      doc
        .loadPage(doc.countPages() - 1)
        .toStructuredText('preserve-whitespace')
        .asText()
        .trim(),
    ])
    for (const [size, last] of lasts) expect(last === '' || /The year in numbers/.test(last), `${size}: ${last}`).toBe(true)
    expect(lasts.filter(([, last]) => last === '').length).toBeGreaterThan(0)
  })

  it('prints each trim at its size: a plain page is trimmed as printed, a print-shop page has its boxes and marks', async () => {
    const plain = (await PDFDocument.load(printed.get('Digest')!.bytes)).getPages()
    const g = PAGE_GEOMETRY.Digest
    for (const page of [plain[0], plain.at(-1)!]) {
      near(box(page, 'MediaBox'), [0, 0, ptOf(g.width), ptOf(g.height)])
      expect(page.node.lookup(PDFName.of('TrimBox'))).toBeUndefined()
    }
    const shop = await PDFDocument.load(printed.get('USTrade')!.bytes)
    const t = PAGE_GEOMETRY.USTrade
    const [w, h, b, m] = [ptOf(t.width), ptOf(t.height), ptOf(BLEED_MM), ptOf(MARK_AREA_MM)]
    for (const page of shop.getPages()) {
      near(box(page, 'TrimBox'), [0, 0, w, h])
      near(box(page, 'BleedBox'), [-b, -b, w + b, h + b])
      near(box(page, 'MediaBox'), [-m, -m, w + m, h + m])
    }
    // The page labels written before the marks survive them.
    expect(String(shop.catalog.lookup(PDFName.of('PageLabels')))).toMatch(/\/S \/r/)
  })

  it('starts the interior with the title page: the cover is a PDF of its own', () => {
    for (const [size, { doc }] of printed) {
      expect(doc.loadPage(0).toStructuredText('preserve-whitespace').asText(), size).toMatch(/Culture Book/)
    }
  })

  it('prints the cover as one sheet: 2 × trim + spine + bleed wide, its trim inside the bleed', async () => {
    const t = PAGE_GEOMETRY.USTrade
    for (const [pages, bytes] of covers) {
      const spine = spineWidth(pages, 0.1)
      const doc = await PDFDocument.load(bytes)
      expect(doc.getPageCount()).toBe(1)
      const page = doc.getPage(0)
      const b = ptOf(BLEED_MM)
      near(box(page, 'TrimBox'), [b, b, b + ptOf(2 * t.width + spine), b + ptOf(t.height)])
      near(box(page, 'BleedBox'), [0, 0, ptOf(2 * t.width + spine + 2 * BLEED_MM), ptOf(t.height + 2 * BLEED_MM)])
      const text = mupdf.Document.openDocument(bytes, 'application/pdf').loadPage(0).toStructuredText('preserve-whitespace').asText()
      expect(text).toMatch(/A year of stories/)
    }
  })
})
