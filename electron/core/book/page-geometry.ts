import type { PageSize } from './edition'

/**
 * The page and its type area, in millimetres. Books set 60–75 characters to a line; 11 pt Source
 * Serif 4 gives about 66 across 126 mm (0.52 a millimetre, 0.57 at 10 pt). A4 and Letter keep that
 * measure and give the rest of the paper to the margins: the inner (binding) one narrower, the outer
 * one wider, mirrored on left pages. The book trims (A5, 6 × 9 in, 5.5 × 8.5 in) are too narrow for
 * 126 mm and wide margins, so they set 10–10.5 pt across 108–116 mm: 62–64 characters, with an
 * inner margin of at least 17 mm (print-on-demand services ask 16 mm for 400–600 pages).
 * book-renderer.ts writes the @page rules from this; page-estimate.ts counts lines in the same area.
 */
export interface PageGeometry {
  /** The CSS `size` keyword. */
  css: string
  width: number
  height: number
  top: number
  bottom: number
  inner: number
  outer: number
  /** The body text's size in points. */
  fontSize: number
  /** The text block's width: width − inner − outer. */
  textWidth: number
}

/** A page whose outer margin is what the paper leaves beside the inner margin and the text block. */
const page = (
  css: string,
  width: number,
  height: number,
  m: { top: number; bottom: number; inner: number; fontSize: number; textWidth: number },
) => ({
  css,
  width,
  height,
  ...m,
  outer: width - m.inner - m.textWidth,
})

/** The text block of the office sizes. */
const TEXT_WIDTH = 126

export const PAGE_GEOMETRY: Record<PageSize, PageGeometry> = {
  A4: page('A4', 210, 297, { top: 24, bottom: 28, inner: 32, fontSize: 11, textWidth: TEXT_WIDTH }),
  Letter: page('letter', 215.9, 279.4, { top: 22, bottom: 26, inner: 34, fontSize: 11, textWidth: TEXT_WIDTH }),
  A5: page('A5', 148, 210, { top: 18, bottom: 22, inner: 20, fontSize: 10, textWidth: 110 }),
  USTrade: page('152.4mm 228.6mm', 152.4, 228.6, { top: 19, bottom: 23, inner: 19, fontSize: 10.5, textWidth: 116 }),
  Digest: page('139.7mm 215.9mm', 139.7, 215.9, { top: 17, bottom: 21, inner: 17, fontSize: 10, textWidth: 108 }),
}

export const textHeight = (size: PageSize) => PAGE_GEOMETRY[size].height - PAGE_GEOMETRY[size].top - PAGE_GEOMETRY[size].bottom

/** What book.css gives 200 mm (openers, the title page, a photo's height at most), on a page too short for it a little less than its text block. */
export const tallHeight = (size: PageSize) => Math.min(200, textHeight(size) - 25)

/**
 * The @page rules for a size: a right-hand page has its binding on the left, a left-hand page on the
 * right. The body's size, and what book.css sizes for a tall page (openers and the title page fill
 * 200 mm, a photo is at most 200 mm high), fitted to the text block so a small trim never spills a page.
 */
export function pageSizeCss(size: PageSize): string {
  const { css, top, bottom, inner, outer, fontSize } = PAGE_GEOMETRY[size]
  const mm = (n: number) => `${Math.round(n * 10) / 10}mm`
  const tall = tallHeight(size)
  return [
    `@page { size: ${css}; margin: ${mm(top)} ${mm(outer)} ${mm(bottom)} ${mm(inner)}; }`,
    `@page :left { margin-left: ${mm(outer)}; margin-right: ${mm(inner)}; }`,
    `html { font-size: ${fontSize}pt; }`,
    `.title-page, .chapter-opener { min-height: ${mm(tall)}; }`,
    `.story .body img { max-height: ${mm(tall)}; }`,
  ].join('\n')
}
