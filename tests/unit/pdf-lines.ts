import type * as mupdf from 'mupdf'

export interface Line {
  bbox: { x: number; y: number; w: number; h: number }
  text: string
  font: { size: number; name: string }
}

/** A printed page's lines as MuPDF reads them: text, where it sits, its font size. */
export function lines(doc: mupdf.Document, page: number): Line[] {
  const json = JSON.parse(
    doc
      .loadPage(page - 1)
      .toStructuredText('preserve-whitespace')
      .asJSON(),
  ) as { blocks: { lines?: Line[] }[] }
  return json.blocks.flatMap((b) => b.lines ?? [])
}

/** Body text of `body` points (page-geometry.ts: 11 on A4 and Letter), as MuPDF reports it: a point or so less. */
const bodySize = (body: number) => (size: number) => size > body - 1.2 && size < body + 0.6

/** Characters on the full lines of body text (those as wide as the page's widest): the measure as printed. */
export function measure(doc: mupdf.Document, body = 11): number[] {
  const isBody = bodySize(body)
  const counts: number[] = []
  for (let p = 1; p <= doc.countPages(); p++) {
    const body = lines(doc, p).filter((l) => isBody(l.font.size) && /Serif/.test(l.font.name))
    if (body.length < 12) continue
    const widest = Math.max(...body.map((l) => l.bbox.w))
    for (const l of body) if (l.bbox.w > widest * 0.97) counts.push(l.text.replace(/\u00ad/g, '').trim().length)
  }
  return counts.sort((a, b) => a - b)
}

export const median = (values: number[]) => values[values.length >> 1]
