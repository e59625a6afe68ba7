/**
 * A book printed on both sides of the paper has an even number of pages: the last leaf's back is a
 * page too. The book ends with a blank page where its count would be odd; it is a `blank-page`
 * (book.css), so it carries no folio and no running head.
 */
export const END_BLANK = '<div class="blank-page end-blank"></div>'

/** Whether a print of `pageCount` pages needs the blank page at its end. */
export const needsEndBlank = (pageCount: number) => pageCount % 2 === 1
