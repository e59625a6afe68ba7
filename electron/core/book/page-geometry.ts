import type { PageSize } from './edition'

/**
 * The page and its type area, in millimetres. Books set 60–75 characters to a line; 11 pt Source
 * Serif 4 gives about 66 across 126 mm, so both sizes keep that measure and the rest of the paper
 * goes to the margins: the inner (binding) one narrower, the outer one wider, mirrored on left pages.
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
}

/** The text block both sizes share. */
export const TEXT_WIDTH = 126

export const PAGE_GEOMETRY: Record<PageSize, PageGeometry> = {
  A4: { css: 'A4', width: 210, height: 297, top: 24, bottom: 28, inner: 32, outer: 210 - 32 - TEXT_WIDTH },
  Letter: { css: 'letter', width: 215.9, height: 279.4, top: 22, bottom: 26, inner: 34, outer: 215.9 - 34 - TEXT_WIDTH },
}

export const textHeight = (size: PageSize) => PAGE_GEOMETRY[size].height - PAGE_GEOMETRY[size].top - PAGE_GEOMETRY[size].bottom

/** The @page rules for a size: a right-hand page has its binding on the left, a left-hand page on the right. */
export function pageSizeCss(size: PageSize): string {
  const { css, top, bottom, inner, outer } = PAGE_GEOMETRY[size]
  const mm = (n: number) => `${Math.round(n * 10) / 10}mm`
  return [
    `@page { size: ${css}; margin: ${mm(top)} ${mm(outer)} ${mm(bottom)} ${mm(inner)}; }`,
    `@page :left { margin-left: ${mm(outer)}; margin-right: ${mm(inner)}; }`,
  ].join('\n')
}
