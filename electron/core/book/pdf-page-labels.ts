import type { CatalogInfo } from './pdf-destinations'

/**
 * The printed PDF with page labels, so a viewer shows the book's own numbers (i, ii … 1, 2 …) and
 * "go to page 12" finds the page printed 12: the front matter in lower-case roman, the body in arabic
 * from `bodyStart` (0-based). Written as an incremental update (the catalog again, with /PageLabels,
 * a one-entry cross-reference section and a trailer pointing back to the last), so nothing of the
 * print is parsed or rewritten: a thick book gets its labels in no time. Without a classic trailer
 * to append to, the file is left as printed.
 */
export function withPageLabels(pdf: Uint8Array, catalog: CatalogInfo | undefined, bodyStart: number): Uint8Array {
  if (!catalog || !catalog.dict.trimEnd().endsWith('>>') || /\/PageLabels\b/.test(catalog.dict)) return pdf
  const labels = `/PageLabels << /Nums [0 << /S /r >> ${bodyStart} << /S /D /St 1 >>] >>`
  const dict = catalog.dict.trimEnd().replace(/>>$/, `${labels}\n>>`)
  const [number, generation] = catalog.ref.split(' ')
  const object = `\n${catalog.ref} obj\n${dict}\nendobj\n`
  const objectAt = pdf.length + 1
  const xrefAt = pdf.length + Buffer.byteLength(object, 'latin1')
  const entry = `${String(objectAt).padStart(10, '0')} ${generation.padStart(5, '0')} n \n`
  const trailer = [
    `/Size ${catalog.size}`,
    `/Root ${catalog.ref} R`,
    ...(catalog.info ? [`/Info ${catalog.info} R`] : []),
    `/Prev ${catalog.startxref}`,
  ].join(' ')
  const update = `${object}xref\n${number} 1\n${entry}trailer\n<< ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`
  const out = new Uint8Array(pdf.length + Buffer.byteLength(update, 'latin1'))
  out.set(pdf)
  out.set(Buffer.from(update, 'latin1'), pdf.length)
  return out
}
