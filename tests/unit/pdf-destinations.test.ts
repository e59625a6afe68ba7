import { PDFDocument, PDFName, PDFString } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { namedDestinationPages } from '../../electron/core/book/pdf-destinations'

/** A three-page PDF whose destinations sit where `place` says, written the way `save` is told. */
async function pdfWith(place: 'dests' | 'names', useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const pages = [doc.addPage(), doc.addPage(), doc.addPage()]
  const dest = (page: number) => doc.context.obj([pages[page].ref, PDFName.of('XYZ'), 0, 800, 0])
  if (place === 'dests') {
    doc.catalog.set(PDFName.of('Dests'), doc.context.obj({ 'chapter-1': dest(0), 'story-\u00e5 b': dest(2) }))
  } else {
    // A name tree with a leaf under a kid, as PDF 1.2 and later may write it; values may be { D: [...] }.
    const leaf = doc.context.obj({ Names: [PDFString.of('chapter-1'), dest(1), PDFString.of('index'), doc.context.obj({ D: dest(2) })] })
    const root = doc.context.obj({ Kids: [doc.context.register(leaf)] })
    doc.catalog.set(PDFName.of('Names'), doc.context.obj({ Dests: doc.context.register(root) }))
  }
  return doc.save({ useObjectStreams })
}

describe('reading named destinations from a PDF', () => {
  it('reads the catalog /Dests, with #-escaped names, from a classic cross-reference table', async () => {
    const pages = await namedDestinationPages(await pdfWith('dests', false))
    expect(Object.fromEntries(pages)).toEqual({ 'chapter-1': 1, 'story-\u00e5 b': 3 })
  })

  it('reads a PDF written with a cross-reference stream and object streams', async () => {
    // The hand-written reader refused these ("expected a classic table").
    const pages = await namedDestinationPages(await pdfWith('dests', true))
    expect(Object.fromEntries(pages)).toEqual({ 'chapter-1': 1, 'story-\u00e5 b': 3 })
  })

  it('reads the /Names tree of destinations', async () => {
    const pages = await namedDestinationPages(await pdfWith('names', true))
    expect(Object.fromEntries(pages)).toEqual({ 'chapter-1': 2, index: 3 })
  })

  it('says what is wrong with a file that is not a PDF', async () => {
    await expect(namedDestinationPages(new TextEncoder().encode('not a pdf'))).rejects.toThrow(/No PDF header/)
  })
})
