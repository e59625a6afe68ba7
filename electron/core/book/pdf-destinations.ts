/**
 * Reads, from a PDF that Chromium (Skia) wrote, the page of every named destination: the anchors
 * that links point at. That is how the table of contents and the index learn their page numbers.
 * Skia writes a classic cross-reference table and plain dictionaries, which is all this needs.
 */
export function namedDestinationPages(pdf: Uint8Array): Map<string, number> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1')
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)
  if (!startxref) throw new Error('Not a PDF this reader understands (no startxref).')
  const offsets = new Map<number, number>()
  const xrefAt = Number(startxref[1])
  const xref = /^xref\s+/.exec(text.slice(xrefAt, xrefAt + 5))
  if (!xref) throw new Error('This PDF uses a cross-reference stream; expected a classic table.')
  let at = xrefAt + 4
  const sections = /\s*(\d+) (\d+)\s*\n/y
  for (;;) {
    sections.lastIndex = at
    const head = sections.exec(text)
    if (!head) break
    const first = Number(head[1])
    const count = Number(head[2])
    at = sections.lastIndex
    for (let i = 0; i < count; i++) {
      const entry = text.slice(at, at + 20)
      if (entry[17] === 'n') offsets.set(first + i, Number(entry.slice(0, 10)))
      at += 20
    }
  }
  const trailer = text.slice(at, text.indexOf('startxref', at))
  const object = (n: number): string => {
    const start = offsets.get(n)
    if (start === undefined) throw new Error(`Object ${n} is missing from the PDF.`)
    const end = text.indexOf('endobj', start)
    const body = text.slice(start, end)
    const stream = body.indexOf('stream')
    return stream >= 0 ? body.slice(0, stream) : body
  }
  const ref = (dict: string, key: string): number | null => {
    const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict)
    return m ? Number(m[1]) : null
  }

  const root = ref(trailer, 'Root')
  if (root === null) throw new Error('The PDF has no catalog.')
  const catalog = object(root)

  // Page objects in reading order: a depth-first walk of the page tree.
  const pageIndex = new Map<number, number>()
  const walk = (n: number) => {
    const node = object(n)
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)
    if (kids && /\/Type\s*\/Pages\b/.test(node)) {
      for (const m of kids[1].matchAll(/(\d+)\s+0\s+R/g)) walk(Number(m[1]))
    } else {
      pageIndex.set(n, pageIndex.size + 1)
    }
  }
  const pagesRoot = ref(catalog, 'Pages')
  if (pagesRoot === null) throw new Error('The PDF has no pages.')
  walk(pagesRoot)

  const out = new Map<string, number>()
  const destsRef = ref(catalog, 'Dests')
  if (destsRef === null) return out
  const dests = object(destsRef)
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const name = m[1].replace(/#([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
    const page = pageIndex.get(Number(m[2]))
    if (page !== undefined) out.set(name, page)
  }
  return out
}
