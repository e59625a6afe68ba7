import type { PDFDict as Dict, PDFObject } from 'pdf-lib'

/** What an export needs from a printed PDF: where each anchor landed, and how many pages there are. */
export interface PrintedPdf {
  /** The page (1-based) of every named destination. */
  pages: Map<string, number>
  pageCount: number
}

/**
 * Reads, from a printed PDF, the page of every named destination: the anchors that links point at.
 * That is how the table of contents and the index learn their page numbers. Chromium (Skia) lists
 * them in the catalog's /Dests dictionary; the /Names tree of later PDF versions is read as well.
 * pdf-lib is loaded here, on the first PDF, not when the app starts (it costs about 90 ms).
 */
export async function readPrintedPdf(pdf: Uint8Array): Promise<PrintedPdf> {
  const { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString, PDFHexString, ParseSpeeds } = await import('pdf-lib')
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })
  const pageOf = new Map(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]))
  const out = new Map<string, number>()
  const add = (name: string, dest: PDFObject | undefined) => {
    let target = dest && doc.context.lookup(dest)
    // A destination is an array [page /XYZ …], or a dictionary holding that array as /D.
    if (target instanceof PDFDict) target = target.lookup(PDFName.of('D'))
    const page = target instanceof PDFArray ? target.get(0) : undefined
    const number = page instanceof PDFRef ? pageOf.get(page.toString()) : undefined
    if (number !== undefined) out.set(name, number)
  }

  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  for (const [name, dest] of dests?.entries() ?? []) add(name.decodeText(), dest)

  const walk = (node: Dict | undefined) => {
    if (!node) return
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let i = 0; names && i + 1 < names.size(); i += 2) {
      const key = names.lookup(i)
      if (key instanceof PDFString || key instanceof PDFHexString) add(key.decodeText(), names.get(i + 1))
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookupMaybe(i, PDFDict))
  }
  walk(doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict))
  return { pages: out, pageCount: pageOf.size }
}

export async function namedDestinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  return (await readPrintedPdf(pdf)).pages
}
