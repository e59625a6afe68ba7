import { escapeHtml } from '../html-escape'
import { textWidth, wrapText } from './text-width'

export interface ChartRow {
  name: string
  color: string
  count: number
}

const FONT_SIZE = 10
const LINE_HEIGHT = 12
/** Room above and below a row's label and bar. */
const ROW_PADDING = 10
/** The widest the value names' column gets; longer names wrap onto more lines instead of leaving the picture. */
const MAX_LABEL_WIDTH = 250
const LABEL_GAP = 8
/** The chart is drawn this wide and printed across the page: what the names do not take, the bars get. */
const WIDTH = 530
/** For the count printed after the longest bar. */
const COUNT_WIDTH = 40

export interface ChartLayout {
  width: number
  height: number
  labelWidth: number
  barWidth: number
  rows: (ChartRow & { lines: string[]; y: number; height: number })[]
}

/**
 * Where everything in the year-in-numbers chart goes. The names' column is as wide as the longest
 * name needs (measured in the chart's font), up to MAX_LABEL_WIDTH; a name wider than that wraps
 * (before, every name had one line in a fixed column, and a long one ran off the picture's left edge).
 */
export function chartLayout(rows: ChartRow[]): ChartLayout {
  const longest = Math.max(0, ...rows.map((r) => textWidth(r.name, FONT_SIZE)))
  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.ceil(longest) + LABEL_GAP)
  let y = 0
  const laidOut = rows.map((row) => {
    const lines = wrapText(row.name, labelWidth - LABEL_GAP, FONT_SIZE)
    const height = lines.length * LINE_HEIGHT + ROW_PADDING
    const placed = { ...row, lines, y, height }
    y += height
    return placed
  })
  return { width: WIDTH, height: y, labelWidth, barWidth: WIDTH - labelWidth - COUNT_WIDTH, rows: laidOut }
}

/** Stories per value as horizontal bars, each value's name right-aligned before its bar, on as many lines as it needs. */
export function yearChart(rows: ChartRow[], label: string, number: (n: number) => string, color: (c: string) => string): string {
  const layout = chartLayout(rows)
  const x = layout.labelWidth
  const max = Math.max(1, ...rows.map((r) => r.count))
  const bars = layout.rows
    .map((row) => {
      const middle = row.y + row.height / 2
      // The label's lines sit around the bar's middle; a baseline is about a third of the size below it.
      const firstBaseline = middle - ((row.lines.length - 1) * LINE_HEIGHT) / 2 + FONT_SIZE / 3
      const lines = row.lines
        .map((line, i) => `<tspan x="${x - LABEL_GAP}" y="${(firstBaseline + i * LINE_HEIGHT).toFixed(1)}">${escapeHtml(line)}</tspan>`)
        .join('')
      const width = Math.max(2, (row.count / max) * layout.barWidth)
      return `<text text-anchor="end" font-size="${FONT_SIZE}">${lines}</text>
<rect x="${x}" y="${(middle - 7).toFixed(1)}" width="${width.toFixed(1)}" height="14" fill="${color(row.color)}" rx="2"/>
<text x="${(x + width + 6).toFixed(1)}" y="${(middle + FONT_SIZE / 3).toFixed(1)}" font-size="${FONT_SIZE}">${number(row.count)}</text>`
    })
    .join('\n')
  // The family is quoted: unquoted, "Source Sans 3" is not a valid family name (it ends in a number) and the serif fallback prints.
  return `<svg viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${escapeHtml(label)}" font-family="'Source Sans 3', sans-serif">${bars}</svg>`
}
