import stylesheet from '../../../resources/book/cover.css?raw'
import { bookContentSecurityPolicy } from '../content-security'
import { escapeHtml } from '../html-escape'
import { writeFileAtomicallyInBackground } from './atomic-file'
import { fontFaceCss, fontFile } from './book-fonts'
import type { CoverSize, ExportResult } from './book-model'
import { typographicQuotes } from './book-quotes'
import { BOOK_MARK, styleBlock } from './book-renderer'
import { bookText } from './book-text'
import type { Edition } from './edition'
import { PAGE_GEOMETRY } from './page-geometry'
import type { PdfPrinter } from './pdf-printer'
import { BLEED_MM, withPrintMarks } from './print-marks'

/** Text, title and art keep this far from the trim and from the spine's folds. */
const SAFE_MM = 15
/** A spine narrower than this (a thin book: under some 120 pages) carries no text: it would not fit, or sit off the fold. */
const SPINE_TEXT_MIN_MM = 6

const round1 = (mm: number) => Math.round(mm * 10) / 10

/**
 * The spine's width in millimetres: a leaf of paper (two pages) for every two pages, each leaf
 * `paperThickness` thick. 480 pages on 0.1 mm paper: 240 leaves, 24 mm.
 */
export function spineWidth(pages: number, paperThickness: number): number {
  return round1(Math.ceil(pages / 2) * paperThickness)
}

/**
 * The cover's sheet: back, spine and front side by side, each cover as large as a page of the
 * book, and with 3 mm bleed all round when the edition is for a print shop.
 */
export function coverSize(edition: Pick<Edition, 'pageSize' | 'bleed' | 'paperThickness'>, pages: number): CoverSize {
  const { width, height } = PAGE_GEOMETRY[edition.pageSize]
  const spine = spineWidth(pages, edition.paperThickness)
  const bleed = edition.bleed ? BLEED_MM : 0
  return { spine, bleed, width: round1(2 * width + spine + 2 * bleed), height: round1(height + 2 * bleed) }
}

/** The cover as one HTML page, printed by the same Chromium as the book, with JavaScript off like it. */
export function renderCover(edition: Edition, pages: number): { html: string; size: CoverSize } {
  const size = coverSize(edition, pages)
  const trimWidth = PAGE_GEOMETRY[edition.pageSize].width
  const { t } = bookText(edition.language)
  const plain = (text: string) => escapeHtml(typographicQuotes(text, edition.language))
  const mm = (n: number) => `${round1(n)}mm`
  const edge = size.bleed + SAFE_MM
  const spineFont = Math.min(11, (size.spine * 72) / 25.4 / 2)
  const geometry = [
    `@page { size: ${mm(size.width)} ${mm(size.height)}; }`,
    `.panel { padding-top: ${mm(edge)}; padding-bottom: ${mm(edge)}; }`,
    `.back { width: ${mm(trimWidth + size.bleed)}; padding-left: ${mm(edge)}; padding-right: ${mm(SAFE_MM)}; }`,
    `.front { width: ${mm(trimWidth + size.bleed)}; padding-left: ${mm(SAFE_MM)}; padding-right: ${mm(edge)}; }`,
    `.spine { width: ${mm(size.spine)}; font-size: ${Math.round(spineFont * 10) / 10}pt; }`,
  ].join('\n')
  const styles = [fontFaceCss(), stylesheet, geometry].map(styleBlock)
  const policy = bookContentSecurityPolicy({ styleHashes: styles.map((s) => s.hash), fontSrc: "'self'" })
  // The title down the spine, and the year unless the title has it ("Culture Book 2024").
  const year = edition.title.includes(String(edition.year)) ? '' : ` <span class="year">${edition.year}</span>`
  const spineText = size.spine >= SPINE_TEXT_MIN_MM ? `<div class="text">${plain(edition.title)}${year}</div>` : ''
  const html = `<!doctype html>
<html lang="${escapeHtml(edition.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<title>${plain(edition.title)} · ${escapeHtml(t('book.cover'))}</title>
${styles.map((s) => s.tag).join('\n')}
</head>
<body>
<section class="panel back"><p class="text">${plain(edition.backCover)}</p></section>
<section class="panel spine">${spineText}</section>
<section class="panel front">
  <div class="mark">${BOOK_MARK}</div>
  <div>
    <h1>${plain(edition.title)}</h1>
    ${edition.subtitle ? `<p class="subtitle">${plain(edition.subtitle)}</p>` : ''}
  </div>
  <div>
    <div class="year">${edition.year}</div>
    <div class="company">${plain(edition.company)}</div>
  </div>
</section>
</body>
</html>`
  return { html, size }
}

/**
 * The cover PDF for a book of `pages` pages (its interior as exported): one page, back · spine · front.
 * For a print shop, its trim and bleed boxes and crop marks as the interior's, with marks at the folds.
 */
export async function exportCover(
  edition: Edition,
  pages: number,
  options: { printer: PdfPrinter; outPath: string },
): Promise<ExportResult> {
  const started = performance.now()
  const { html, size } = renderCover(edition, pages)
  const session = await options.printer.open(html, fontFile)
  let pdf: Uint8Array
  try {
    pdf = await session.print()
  } finally {
    await session.close()
  }
  const trimWidth = PAGE_GEOMETRY[edition.pageSize].width
  if (edition.bleed) pdf = await withPrintMarks(pdf, { printedBleed: BLEED_MM, folds: [trimWidth, trimWidth + size.spine] })
  await writeFileAtomicallyInBackground(options.outPath, pdf)
  return {
    path: options.outPath,
    format: 'pdf',
    pages: 1,
    bytes: pdf.length,
    notes: [],
    timings: { cover: Math.round(performance.now() - started) },
    cover: size,
  }
}
