import { CultureError } from '../errors'
import { fontFaceCss, fontFile, inlineFontFaceCss } from './book-fonts'
import type { BookModel, ExportFormat, ExportResult } from './book-model'

export type { ExportFormat, ExportResult } from './book-model'
import { renderBook, withPageNumbers } from './book-renderer'
import { writeFileAtomically } from './atomic-file'
import { namedDestinationPages } from './pdf-destinations'
import type { PdfPrinter } from './pdf-printer'

export interface ExportProgress {
  phase: 'compose' | 'layout' | 'numbering' | 'print' | 'write' | 'done'
  /** 0–1 */
  fraction: number
}

export interface ExportOptions {
  format: ExportFormat
  outPath: string
  printer?: PdfPrinter
  onProgress?: (p: ExportProgress) => void
  signal?: AbortSignal
}

function checkCancelled(signal?: AbortSignal) {
  if (signal?.aborted) throw new CultureError('book.exportCancelled')
}

function pageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1')
  return (text.match(/\/Type\s*\/Page\b/g) ?? []).length
}

/**
 * Book model → file. For PDF: print once with placeholder page numbers, read from the PDF where each
 * chapter and story landed, load the book again with those numbers written into its HTML, and print
 * again; repeat if anything moved (the placeholders have the numbers' width, so in practice nothing
 * does). The numbers go into the HTML here, not into the page by a script, so the printer never
 * needs JavaScript.
 */
export async function exportBook(book: BookModel, options: ExportOptions): Promise<ExportResult> {
  const { onProgress = () => {}, signal } = options
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

  if (options.format === 'html') {
    const { html, notes } = renderBook(book, { fontCss: inlineFontFaceCss(), fontSrc: 'data:', pageNumbers: false })
    lap('compose')
    checkCancelled(signal)
    onProgress({ phase: 'write', fraction: 0.9 })
    writeFileAtomically(options.outPath, html)
    lap('write')
    onProgress({ phase: 'done', fraction: 1 })
    return { path: options.outPath, format: 'html', pages: null, bytes: Buffer.byteLength(html), notes, timings }
  }

  if (!options.printer) throw new CultureError('book.noPrinter')
  const rendered = renderBook(book, { fontCss: fontFaceCss() })
  lap('compose')
  checkCancelled(signal)
  onProgress({ phase: 'layout', fraction: 0.1 })
  const session = await options.printer.open(rendered.html, fontFile)
  try {
    lap('load')
    let pdf = await session.print()
    lap('print-1')
    let pages = await namedDestinationPages(pdf)
    for (let round = 0; round < 3; round++) {
      checkCancelled(signal)
      const missing = rendered.targets.filter((t) => !pages.has(t))
      if (missing.length) throw new CultureError('book.anchorsMissing', { count: missing.length, first: missing[0] })
      onProgress({ phase: 'numbering', fraction: 0.55 + round * 0.1 })
      await session.load(withPageNumbers(rendered.html, pages))
      pdf = await session.print()
      lap(`print-${round + 2}`)
      const after = await namedDestinationPages(pdf)
      if (rendered.targets.every((t) => after.get(t) === pages.get(t))) break
      pages = after
    }
    checkCancelled(signal)
    onProgress({ phase: 'write', fraction: 0.95 })
    writeFileAtomically(options.outPath, pdf)
    lap('write')
    onProgress({ phase: 'done', fraction: 1 })
    return { path: options.outPath, format: 'pdf', pages: pageCount(pdf), bytes: pdf.length, notes: rendered.notes, timings }
  } finally {
    await session.close()
  }
}
