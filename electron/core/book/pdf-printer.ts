import type { PageNumbering } from './page-numbering'

/**
 * How a book becomes a PDF. The core composes the HTML; a printer lays it out and prints it. In the
 * desktop app that is a hidden Electron window, elsewhere Chromium through playwright-core: the same
 * engine either way.
 */
export interface PrintSession {
  print(): Promise<Uint8Array>
  /** Makes the final print's changes (page numbers, blank pages) in the loaded book, without loading it again. */
  number(numbering: PageNumbering): Promise<void>
  close(): Promise<void>
}

export interface PdfPrinter {
  /**
   * Loads the book with JavaScript off: it is made of people's text, so nothing in it may run.
   * `resource` answers the book's own requests (its fonts); everything else is refused.
   */
  open(html: string, resource: (path: string) => Buffer | null): Promise<PrintSession>
}
