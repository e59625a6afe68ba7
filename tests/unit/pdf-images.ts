import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib'

/** Every image a PDF holds, by its size in pixels. */
export async function pdfImages(pdf: Uint8Array): Promise<{ width: number; height: number }[]> {
  const doc = await PDFDocument.load(pdf)
  return doc.context
    .enumerateIndirectObjects()
    .flatMap(([, object]) => (object instanceof PDFRawStream ? [object.dict] : []))
    .filter((dict) => dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    .map((dict) => ({
      width: (dict.get(PDFName.of('Width')) as PDFNumber).asNumber(),
      height: (dict.get(PDFName.of('Height')) as PDFNumber).asNumber(),
    }))
}
