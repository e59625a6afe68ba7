import { CultureError } from '../errors'
import { fontFaceCss, fontFile, inlineFontFaceCss } from './book-fonts'
import type { BookModel, ExportFormat, ExportResult } from './book-model'

export type { ExportFormat, ExportResult } from './book-model'
import { chapterAnchor, forLayout, pageNumbering, renderBookSteps, type RenderOptions } from './book-renderer'
import { bodyPageNumbers, frontPageCount, rectoLayout } from './book-layout'
import { withPageLabels } from './pdf-page-labels'
import { needsEndBlank } from './even-pages'
import { withPrintMarks } from './print-marks'
import { writeFileAtomicallyInBackground } from './atomic-file'
import { readPdfHere, type PdfReader } from './pdf-reader'
import type { PdfPrinter } from './pdf-printer'
import { runInSlices, type Steps } from '../exchange/slices'

export interface ExportProgress {
  phase: 'compose' | 'layout' | 'numbering' | 'print' | 'write' | 'done'
  /** 0–1 */
  fraction: number
}

export interface ExportOptions {
  format: ExportFormat
  outPath: string
  printer?: PdfPrinter
  /** Reads the printed PDF's page numbers: in a worker thread in the apps, in this one by default. */
  readPdf?: PdfReader
  onProgress?: (p: ExportProgress) => void
  signal?: AbortSignal
  /** The library's photos, printed where the stories show them. */
  photo?: RenderOptions['photo']
}

/** The same steps, telling `step` about each: how far the work has come. */
function* counted<T>(steps: Steps<T>, step: () => void): Steps<T> {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    step()
    yield
  }
}

export function checkCancelled(signal?: AbortSignal) {
  if (signal?.aborted) throw new CultureError('book.exportCancelled')
}

/**
 * Book model → file. For PDF: print once with placeholder page numbers and nothing painted (forLayout:
 * the same layout, a PDF of empty pages and named destinations), read from the PDF where each
 * chapter and story landed, write those numbers (arabic from the first chapter, book-layout.ts) and a
 * blank page before each opener the first print put on a left-hand page into the page already loaded
 * (page-numbering.ts: over the DevTools protocol, the page's JavaScript stays off), and print again;
 * repeat if anything landed elsewhere than foreseen (the numbers sit in fixed-width slots, so in
 * practice nothing does).
 *
 * Nothing here holds the main process for long: the HTML is composed in slices between which other
 * calls, progress and a cancel get through; the PDF is read by `readPdf` and written asynchronously.
 */
export async function exportBook(book: BookModel, options: ExportOptions): Promise<ExportResult> {
  const { onProgress = () => {}, signal, readPdf = readPdfHere, photo } = options
  const timings: Record<string, number> = {}
  let mark = performance.now()
  const lap = (name: string) => {
    const now = performance.now()
    timings[name] = Math.round(now - mark)
    mark = now
  }
  if (book.storyCount === 0) {
    throw new CultureError('book.noStories', { year: String(book.edition.year) })
  }
  onProgress({ phase: 'compose', fraction: 0.02 })
  // Composing is most of an HTML export's time, and a tenth of a PDF's progress bar.
  const compose = (render: RenderOptions, share: number) => {
    let stories = 0
    return runInSlices(
      counted(renderBookSteps(book, { ...render, photo }), () => stories++),
      () => {
        checkCancelled(signal)
        onProgress({ phase: 'compose', fraction: 0.02 + (share * Math.min(stories, book.storyCount)) / book.storyCount })
      },
    )
  }

  if (options.format === 'html') {
    const { html, notes } = await compose({ fontCss: inlineFontFaceCss(), fontSrc: 'data:', pageNumbers: false }, 0.85)
    lap('compose')
    checkCancelled(signal)
    onProgress({ phase: 'write', fraction: 0.9 })
    await writeFileAtomicallyInBackground(options.outPath, html)
    lap('write')
    onProgress({ phase: 'done', fraction: 1 })
    return { path: options.outPath, format: 'html', pages: null, bytes: Buffer.byteLength(html), notes, timings }
  }

  if (!options.printer) throw new CultureError('book.noPrinter')
  // The printed book's cover is a PDF of its own (book-cover.ts): the interior starts with the title page.
  const rendered = await compose({ fontCss: fontFaceCss(), cover: false }, 0.08)
  lap('compose')
  checkCancelled(signal)
  onProgress({ phase: 'layout', fraction: 0.1 })
  // The first print only finds the pages: laid out in full, painted not at all, so it costs a fraction of a real print.
  const session = await options.printer.open(forLayout(rendered.html), fontFile)
  try {
    lap('load')
    let pdf = await session.print()
    lap('print-1')
    let printed = await readPdf(pdf, signal)
    lap('read-1')
    // The blank pages that put each opener on a right-hand page, and where everything lands with them.
    const { blanks, pages } = rectoLayout(printed.pages, rendered.rectos)
    // Duplex: a blank page at the end when the count with the blanks would be odd (even-pages.ts).
    let endBlank = needsEndBlank(printed.pageCount + blanks.size)
    let expected = pages
    // The final print's changes, made in the loaded page (page-numbering.ts): the book is not loaded again.
    const numbered = () => pageNumbering(rendered.html, bodyPageNumbers(expected, chapterAnchor(1)), blanks, endBlank)
    for (let round = 0; round < 3; round++) {
      checkCancelled(signal)
      const missing = rendered.targets.filter((t) => !printed.pages.has(t))
      if (missing.length) throw new CultureError('book.anchorsMissing', { count: missing.length, first: missing[0] })
      onProgress({ phase: 'numbering', fraction: 0.55 + round * 0.1 })
      await session.number(numbered())
      lap(`number-${round + 2}`)
      pdf = await session.print()
      lap(`print-${round + 2}`)
      printed = await readPdf(pdf, signal)
      lap(`read-${round + 2}`)
      if (rendered.targets.every((t) => printed.pages.get(t) === expected.get(t))) break
      expected = printed.pages
    }
    // Only if the last lines of the book moved since the first print: the end blank the other way.
    if (needsEndBlank(printed.pageCount)) {
      endBlank = !endBlank
      await session.number(numbered())
      pdf = await session.print()
      printed = await readPdf(pdf, signal)
      lap('print-even')
    }
    checkCancelled(signal)
    // Viewers show the printed numbers: roman up to the first chapter's opener, arabic from it.
    pdf = withPageLabels(pdf, printed.catalog, frontPageCount(printed.pages, chapterAnchor(1)))
    // For a print shop: trim and bleed boxes, crop marks outside the bleed (print-marks.ts).
    if (book.edition.bleed) pdf = await withPrintMarks(pdf, { printedBleed: 0 })
    onProgress({ phase: 'write', fraction: 0.95 })
    await writeFileAtomicallyInBackground(options.outPath, pdf)
    lap('write')
    onProgress({ phase: 'done', fraction: 1 })
    return { path: options.outPath, format: 'pdf', pages: printed.pageCount, bytes: pdf.length, notes: rendered.notes, timings }
  } finally {
    await session.close()
  }
}
