import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { JSDOM } from 'jsdom'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { exportBook } from '../../electron/core/book/book-export'
import { renderBook, withPageNumbers } from '../../electron/core/book/book-renderer'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import type { PdfPrinter } from '../../electron/core/book/pdf-printer'
import { readPrintedPdf } from '../../electron/core/book/pdf-destinations'
import { openCore } from '../../electron/core/culture-core'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir, valueId } from './temp-library'

/** The printer, keeping every PDF it prints. */
function recording(printer: PdfPrinter, prints: Uint8Array[]): PdfPrinter {
  return {
    async open(html, resource) {
      const session = await printer.open(html, resource)
      return { ...session, print: async () => (prints[prints.length] = await session.print()) }
    },
  }
}

describe('the first print, which only learns the pages', () => {
  it('keeps a link to every page target when the contents lists chapters only and the index merges pages', () => {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    const stories = [1, 2, 3].map((day) => {
      const input = storyInput(core, { author: 'Anna Berg', valueIds: [wow], primaryValueId: wow, happenedOn: `2025-01-0${day}` })
      return core.stories.setStatus(core.stories.create(storyFields.parse(input), 'draft').id, 'approved')
    })
    const model = core.books.model(2025)
    // Over the contents' limit: the contents lists chapters only, so the index holds the stories' only links.
    model.storyCount = 401
    const { html, targets } = renderBook(model, { fontCss: '' })
    // Anna's stories on pages 5, 5 and 6: the index reads "5–6", one link for three stories.
    const pages = new Map(targets.map((t) => [t, 1]))
    ;[5, 5, 6].forEach((page, i) => pages.set(`story-${stories[i].id}`, page))
    const { document } = new JSDOM(withPageNumbers(html, pages)).window
    expect(document.querySelector('.contributors .pages')!.textContent).toBe('5–6')
    // Chromium writes a named destination only where a link points: without one, the print loses the story's page.
    const linked = new Set([...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1)))
    expect(targets.filter((t) => !linked.has(t))).toEqual([])
  })

  it('paints nothing (no font, no text), yet finds every page the final print has', async () => {
    const core = openCore(join(tempDir(), 'demo.sqlite'), { rebuildSearch: () => new Promise(() => {}) })
    try {
      seedDemoStories(core)
      const book = core.books.model(2024)
      const prints: Uint8Array[] = []
      const out = join(tempDir(), 'demo.pdf')
      const result = await exportBook(book, { format: 'pdf', outPath: out, printer: recording(chromiumPrinter(), prints) })
      const [first] = prints
      const final = readFileSync(out)
      // The final print embeds its fonts; the first embeds none and draws no glyph, so it is a fraction of the size.
      expect(Buffer.from(final).includes('/FontFile')).toBe(true)
      expect(Buffer.from(first).includes('/FontFile')).toBe(false)
      expect(Buffer.from(first).includes('/Font')).toBe(false)
      expect(first.length).toBeLessThan(final.length / 5)
      // Same layout: the first print's pages plus the blanks the export put in are the final print's pages.
      const [layout, printed] = [await readPrintedPdf(first), await readPrintedPdf(final)]
      const blanks = (await PDFDocument.load(final)).getPageCount() - layout.pageCount
      expect(result.pages).toBe(printed.pageCount)
      for (const [anchor, page] of printed.pages) {
        const before = layout.pages.get(anchor)!
        expect(page - before, anchor).toBeGreaterThanOrEqual(0)
        expect(page - before, anchor).toBeLessThanOrEqual(blanks)
      }
      expect([...printed.pages.keys()].sort()).toEqual([...layout.pages.keys()].sort())
    } finally {
      core.close()
    }
  }, 120_000)
})
