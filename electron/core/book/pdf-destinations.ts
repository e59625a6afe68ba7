import type { PDFDict as Dict, PDFObject } from 'pdf-lib'

/** What an export needs from a printed PDF: where each anchor landed, and how many pages there are. */
export interface PrintedPdf {
  /** The page (1-based) of every named destination. */
  pages: Map<string, number>
  pageCount: number
  /** What an incremental update of the catalog needs (pdf-page-labels.ts); absent when the file has no classic trailer. */
  catalog?: CatalogInfo
}

export interface CatalogInfo {
  /** The catalog's reference without the R: `699 0`. */
  ref: string
  /** The catalog dictionary as PDF text: `<< /Type /Catalog … >>`. */
  dict: string
  /** The trailer's /Size, /Info (a reference without the R, if any) and the offset of the last cross-reference section. */
  size: number
  info: string | null
  startxref: number
}

/** The catalog and trailer facts of a PDF whose last section is a classic cross-reference table (Chromium writes these). */
function catalogInfo(
  pdf: Uint8Array,
  doc: import('pdf-lib').PDFDocument,
  PDFRef: typeof import('pdf-lib').PDFRef,
): CatalogInfo | undefined {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1')
  const startxref = /trailer[\s\S]*startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)
  const { Root: root, Info: info } = doc.context.trailerInfo
  if (!startxref || !(root instanceof PDFRef)) return undefined
  const refOf = (r: import('pdf-lib').PDFRef) => `${r.objectNumber} ${r.generationNumber}`
  return {
    ref: refOf(root),
    dict: doc.catalog.toString(),
    size: doc.context.largestObjectNumber + 1,
    info: info instanceof PDFRef ? refOf(info) : null,
    startxref: Number(startxref[1]),
  }
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
  return { pages: out, pageCount: pageOf.size, catalog: catalogInfo(pdf, doc, PDFRef) }
}

export async function namedDestinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  return (await readPrintedPdf(pdf)).pages
}
