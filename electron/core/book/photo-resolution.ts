import type { PageSize } from './edition'
import { PAGE_GEOMETRY, tallHeight } from './page-geometry'

/** Below this many dots an inch at its printed size a photo looks soft on paper; print shops ask for 150–300. */
export const MIN_PRINT_DPI = 150

/** A CSS pixel: an image without a width prints its pixels at 96 an inch. */
const CSS_PX_MM = 25.4 / 96

/**
 * Where a photo prints in the book (book.css: at its own size of 96 pixels an inch, shrunk to the text
 * block's width and the tall height of page-geometry.ts, never enlarged) and its resolution there.
 * Never enlarged means never upsampled: its pixels are at least 96 an inch.
 */
export function photoPrint(photo: { width: number; height: number }, size: PageSize): { width: number; height: number; dpi: number } {
  const natural = { width: photo.width * CSS_PX_MM, height: photo.height * CSS_PX_MM }
  const scale = Math.min(1, PAGE_GEOMETRY[size].textWidth / natural.width, tallHeight(size) / natural.height)
  const width = natural.width * scale
  return { width, height: natural.height * scale, dpi: Math.floor(photo.width / (width / 25.4)) }
}

/** The photo's printed resolution when it is below MIN_PRINT_DPI, else null. */
export function lowResolution(photo: { width: number; height: number }, size: PageSize): number | null {
  const { dpi } = photoPrint(photo, size)
  return dpi < MIN_PRINT_DPI ? dpi : null
}
