/**
 * How a book becomes a PDF. The core composes the HTML; a printer lays it out and prints it. In the
 * desktop app that is a hidden Electron window, elsewhere Chromium through playwright-core: the same
 * engine either way.
 */
export interface PrintSession {
  print(): Promise<Uint8Array>
  /** Writes the real page numbers into the loaded book, in place, before the next print. */
  fillPageNumbers(pages: Record<string, number>): Promise<void>
  close(): Promise<void>
}

export interface PdfPrinter {
  /** Loads the book. `resource` answers the book's own requests (its fonts); everything else is refused. */
  open(html: string, resource: (path: string) => Buffer | null): Promise<PrintSession>
}

/** Runs in the book page: fills every page reference from the map. Serialised, so both printers can use it. */
export function fillPageNumbersScript(pages: Record<string, number>): string {
  return `(() => {
    const pages = ${JSON.stringify(pages)};
    for (const el of document.querySelectorAll('.page-ref')) {
      const page = pages[el.dataset.target];
      if (page !== undefined) el.textContent = String(page);
    }
  })()`
}
