/**
 * How a book becomes a PDF. The core composes the HTML; a printer lays it out and prints it. In the
 * desktop app that is a hidden Electron window, elsewhere Chromium through playwright-core: the same
 * engine either way.
 */
export interface PrintSession {
  print(): Promise<Uint8Array>
  /** Loads another version of the document (the book with its page numbers) for the next print. */
  load(html: string): Promise<void>
  close(): Promise<void>
}

export interface PdfPrinter {
  /**
   * Loads the book with JavaScript off: it is made of people's text, so nothing in it may run.
   * `resource` answers the book's own requests (its fonts); everything else is refused.
   */
  open(html: string, resource: (path: string) => Buffer | null): Promise<PrintSession>
}
