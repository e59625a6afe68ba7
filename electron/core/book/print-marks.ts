import type { Color, PDFDocument, PDFPage } from 'pdf-lib'

/** Bleed, as print shops ask: 3 mm of the printed page beyond the trim, cut away. */
export const BLEED_MM = 3
/** Crop marks start this far outside the bleed, so a cut that strays stays clear of them… */
const MARK_GAP_MM = 1
/** …and are this long. The sheet (MediaBox) holds them: trim + bleed + gap + mark on every side. */
const MARK_LENGTH_MM = 6
export const MARK_AREA_MM = BLEED_MM + MARK_GAP_MM + MARK_LENGTH_MM

export const ptOf = (mm: number) => (mm * 72) / 25.4

const HAIRLINE_PT = 0.25

export interface MarkOptions {
  /** Millimetres of each printed page that lie beyond the trim already: 0 for the interior, BLEED_MM for the cover. */
  printedBleed: number
  /** Where a cover folds (mm from the trim's left edge): the spine's edges get short marks too. */
  folds?: number[]
}

/**
 * A printed PDF made ready for a print shop: every page keeps its content where Chromium put it, its
 * TrimBox is the finished page, its BleedBox 3 mm beyond, and its MediaBox (the sheet) has room for
 * crop marks at the trim's corners, drawn outside the bleed so the cut never shows them. The page
 * labels, outline and links of the print are kept (pdf-lib carries every object over).
 */
export async function withPrintMarks(pdf: Uint8Array, options: MarkOptions): Promise<Uint8Array> {
  // Loaded with the first print-shop book: pdf-lib costs the core's start nothing.
  const { PDFDocument, cmyk } = await import('pdf-lib')
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  // Registration black: printed on every plate, so the marks show whichever plate is checked.
  const registration = cmyk(1, 1, 1, 1)
  for (const page of doc.getPages()) markPage(doc, page, options, registration)
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false })
}

function markPage(doc: PDFDocument, page: PDFPage, { printedBleed, folds = [] }: MarkOptions, color: Color) {
  const media = page.getMediaBox()
  const inset = ptOf(printedBleed)
  const trim = { x: media.x + inset, y: media.y + inset, width: media.width - 2 * inset, height: media.height - 2 * inset }
  const bleed = ptOf(BLEED_MM)
  const area = ptOf(MARK_AREA_MM)
  // Chromium's content may leave its graphics state changed: it is wrapped, so the marks are drawn in the page's own space.
  const start = doc.context.register(doc.context.stream('q'))
  const end = doc.context.register(doc.context.stream('Q'))
  page.node.wrapContentStreams(start, end)
  page.setMediaBox(trim.x - area, trim.y - area, trim.width + 2 * area, trim.height + 2 * area)
  page.setBleedBox(trim.x - bleed, trim.y - bleed, trim.width + 2 * bleed, trim.height + 2 * bleed)
  page.setTrimBox(trim.x, trim.y, trim.width, trim.height)
  page.setCropBox(trim.x - area, trim.y - area, trim.width + 2 * area, trim.height + 2 * area)
  const near = ptOf(BLEED_MM + MARK_GAP_MM)
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: HAIRLINE_PT, color })
  const left = trim.x
  const right = trim.x + trim.width
  const bottom = trim.y
  const top = trim.y + trim.height
  for (const y of [bottom, top]) {
    line(left - near, y, left - area, y)
    line(right + near, y, right + area, y)
  }
  for (const x of [left, right, ...folds.map((mm) => trim.x + ptOf(mm))]) {
    line(x, bottom - near, x, bottom - area)
    line(x, top + near, x, top + area)
  }
}
