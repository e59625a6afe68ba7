import { readFileSync, writeFileSync } from 'node:fs'
import * as mupdf from 'mupdf'
import type { PdfPrinter } from '../../electron/core/book/pdf-printer'

export interface PdfFont {
  /** The PostScript name, e.g. `BAAAAA+SourceSerif4-Regular` (a subset prefix, then the font). */
  name: string
  subtype: string
  embedded: boolean
}

export interface RenderedPage {
  width: number
  height: number
  /** Share of pixels that are not near-white: 0 for a blank page. */
  ink: number
}

interface StextLine {
  y: number
  x: number
  text: string
}

/**
 * A PDF read back with MuPDF (WebAssembly): what a reader of the printed file would see, with no
 * help from the code that wrote it and no command-line tools. Pages are numbered from 1.
 */
export class PdfFile {
  private readonly doc: mupdf.Document
  private readonly texts = new Map<number, string>()

  constructor(path: string) {
    this.doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf')
  }

  get pageCount(): number {
    return this.doc.countPages()
  }

  /** Page size in points (1/72 inch). */
  pageSize(page: number): { width: number; height: number } {
    const [x0, y0, x1, y1] = this.doc.loadPage(page - 1).getBounds()
    return { width: x1 - x0, height: y1 - y0 }
  }

  /**
   * The page's text as rows on the page, left to right: pieces that share a baseline (a contents
   * entry and its page number) come out on one row, as a person reads them.
   */
  text(page: number): string {
    let text = this.texts.get(page)
    if (text === undefined) {
      const json = JSON.parse(
        this.doc
          .loadPage(page - 1)
          .toStructuredText('preserve-whitespace')
          .asJSON(),
      ) as {
        blocks: { lines?: StextLine[] }[]
      }
      const lines = json.blocks.flatMap((b) => b.lines ?? []).sort((a, b) => a.y - b.y || a.x - b.x)
      const rows: StextLine[][] = []
      for (const line of lines) {
        const row = rows.at(-1)
        if (row && Math.abs(row[0].y - line.y) < 2) row.push(line)
        else rows.push([line])
      }
      text = rows
        .map((row) =>
          row
            .sort((a, b) => a.x - b.x)
            .map((l) => l.text.trim())
            .join(' '),
        )
        .join('\n')
      this.texts.set(page, text)
    }
    return text
  }

  /** Every page's text, in order. */
  allText(): string {
    return Array.from({ length: this.pageCount }, (_, i) => this.text(i + 1)).join('\n')
  }

  /** The page a named destination (`chapter-1`) points at, as MuPDF resolves it; null if none. */
  destinationPage(name: string): number | null {
    const index = this.doc.resolveLink(`#nameddest=${encodeURIComponent(name)}`)
    return index >= 0 ? index + 1 : null
  }

  /** The bookmarks, depth first, with the page each opens. */
  outline(): { title: string; page: number }[] {
    const flat: { title: string; page: number }[] = []
    const walk = (items: { title?: string; page?: number; down?: typeof items }[] | null) => {
      for (const item of items ?? []) {
        flat.push({ title: item.title ?? '', page: (item.page ?? -1) + 1 })
        walk(item.down ?? null)
      }
    }
    walk(this.doc.loadOutline())
    return flat
  }

  /** The fonts the pages use, each once; a font is embedded when its program is in the file. */
  fonts(): PdfFont[] {
    const pdf = this.doc.asPDF()
    if (!pdf) throw new Error('not a PDF')
    const fonts = new Map<string, PdfFont>()
    for (let i = 0; i < this.pageCount; i++) {
      const page = pdf.loadPage(i) as mupdf.PDFPage
      page
        .getObject()
        .get('Resources')
        .get('Font')
        .forEach((ref) => {
          const font = ref.resolve()
          const subtype = font.get('Subtype').asName()
          // A composite (Type0) font keeps its program with its one descendant font.
          const described = subtype === 'Type0' ? font.get('DescendantFonts').get(0).resolve() : font
          const descriptor = described.get('FontDescriptor')
          const embedded =
            subtype === 'Type3' ||
            ['FontFile', 'FontFile2', 'FontFile3'].some((key) => !descriptor.isNull() && !descriptor.get(key).isNull())
          const name = font.get('BaseFont').isNull() ? `(${subtype})` : font.get('BaseFont').asName()
          fonts.set(`${name}/${subtype}`, { name, subtype, embedded })
        })
    }
    return [...fonts.values()]
  }

  /** Renders a page to a PNG at `dpi` and says how big it came out and how much is on it. */
  render(page: number, dpi: number, pngPath: string): RenderedPage {
    const scale = dpi / 72
    const pixmap = this.doc.loadPage(page - 1).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false)
    try {
      writeFileSync(pngPath, pixmap.asPNG())
      const pixels = pixmap.getPixels()
      const n = pixmap.getNumberOfComponents()
      let inked = 0
      for (let p = 0; p < pixels.length; p += n) if (pixels[p] < 200 || pixels[p + 1] < 200 || pixels[p + 2] < 200) inked++
      const width = pixmap.getWidth()
      const height = pixmap.getHeight()
      return { width, height, ink: inked / (width * height) }
    } finally {
      pixmap.destroy()
    }
  }

  close(): void {
    this.doc.destroy()
  }
}

/** The text of the one page a printer makes of `html`, read back from the PDF written to `path`. */
export async function printedText(printer: PdfPrinter, html: string, path: string): Promise<string> {
  const session = await printer.open(html, () => null)
  try {
    writeFileSync(path, await session.print())
  } finally {
    await session.close()
  }
  const pdf = new PdfFile(path)
  try {
    return pdf.text(1)
  } finally {
    pdf.close()
  }
}
