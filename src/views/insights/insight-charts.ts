import { format, type EChartsCoreOption } from 'echarts/core'
import { mix, type ChartColors } from './chart-colors'

/** A chart builder: the option for the colours on screen and the chart's width in pixels. */
export type ChartOption = (colors: ChartColors, width: number) => EChartsCoreOption

/** Category labels (value names, teams, scenarios) get at most this share of the width, cut with "…"; tooltips and tables hold them whole. */
const LABEL_SHARE = 0.38
const LABEL_MAX = 320
/** A little smaller than the page's 15 px text, as a figure's labels are. */
const FONT_SIZE = 13
/** Heights: one band per row of a bar or heat map, plus room for the axis. */
const ROW_HEIGHT = 30
const AXIS_ROOM = 48
const LEGEND_ROOM = 32

export const chartHeight = (rows: number, legend = false) => Math.max(rows, 1) * ROW_HEIGHT + AXIS_ROOM + (legend ? LEGEND_ROOM : 0)

const labelWidth = (width: number) => Math.min(LABEL_MAX, Math.round(width * LABEL_SHARE))
const escape = (text: string) => format.encodeHTML(text)

/** What every chart here shares: no animation (a chart redraws on resize and theme), text in the page's colours. */
function base(colors: ChartColors): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontFamily: colors.font, fontSize: FONT_SIZE, color: colors.ink },
    tooltip: {
      confine: true,
      backgroundColor: colors.card,
      borderColor: colors.line,
      textStyle: { color: colors.ink },
    },
    // The grid shrinks to keep its axis labels inside the chart: a value's name is cut, never clipped.
    grid: { left: 8, right: 24, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
  }
}

function categoryAxis(colors: ChartColors, names: string[], width: number) {
  return {
    type: 'category',
    data: names,
    inverse: true,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: colors.line } },
    axisLabel: { color: colors.ink, fontSize: FONT_SIZE, width: labelWidth(width), overflow: 'truncate', ellipsis: '…' },
  }
}

/** Each bar writes its number at its end, so the value axis shows only its grid lines. */
function valueAxis(colors: ChartColors, max?: number) {
  return {
    type: 'value',
    max,
    minInterval: 1,
    axisLabel: { show: false },
    splitLine: { lineStyle: { color: colors.line } },
  }
}

export interface HeatRow {
  name: string
  /** Per column: all stories, and the approved among them. */
  cells: { total: number; approved: number }[]
}

/** Rows (values) by columns (years), each cell tinted by its count and labelled with it: an empty row reads as a value gone quiet. */
export function heatmapChart(
  rows: HeatRow[],
  columns: string[],
  text: { formatNumber: (n: number) => string; tooltip: (row: string, column: string, total: number, approved: number) => string },
): ChartOption {
  const max = Math.max(1, ...rows.flatMap((r) => r.cells.map((c) => c.total)))
  const data = rows.flatMap((r, y) => r.cells.map((c, x) => [x, y, c.total, c.approved]))
  return (colors, width) => ({
    ...base(colors),
    tooltip: {
      ...(base(colors).tooltip as object),
      formatter: (p: { value: number[] }) =>
        escape(text.tooltip(rows[p.value[1]].name, columns[p.value[0]], p.value[2], p.value[3])).replace(/\n/g, '<br>'),
    },
    xAxis: {
      type: 'category',
      data: columns,
      position: 'top',
      axisTick: { show: false },
      axisLine: { show: false },
      // Every year named: at 800 px a column is still wider than its year in the smaller type.
      axisLabel: { color: colors.ink, interval: 0, fontSize: width < 700 ? 11 : FONT_SIZE },
    },
    yAxis: {
      ...categoryAxis(
        colors,
        rows.map((r) => r.name),
        width,
      ),
      axisLine: { show: false },
    },
    // The darkest tint stays light enough for the page's ink on it (and dark enough, in the dark theme, for its light ink).
    visualMap: {
      show: false,
      min: 0,
      max,
      dimension: 2,
      inRange: { color: [mix(colors.card, colors.accent, 0.04), mix(colors.card, colors.accent, 0.5)] },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: true, color: colors.ink, fontSize: FONT_SIZE, formatter: (p: { value: number[] }) => text.formatNumber(p.value[2]) },
        itemStyle: { borderColor: colors.card, borderWidth: 2 },
        emphasis: { disabled: true },
      },
    ],
  })
}

export interface BarSeries {
  name: string
  values: number[]
  tone: 'accent' | 'muted' | 'focus' | 'danger'
}

/**
 * Horizontal bars, one row per name: stacked (parts of a whole: approved and the rest) or side by side.
 * Each bar's number is written at its end.
 */
export function barChart(
  names: string[],
  series: BarSeries[],
  options: { stacked: boolean; formatValue: (n: number) => string; max?: number; tooltip: (index: number) => string },
): ChartOption {
  return (colors, width) => ({
    ...base(colors),
    tooltip: {
      ...(base(colors).tooltip as object),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => escape(options.tooltip(items[0]?.dataIndex ?? 0)).replace(/\n/g, '<br>'),
    },
    // Bars in two colours say which is which beneath them (the table beside says it in words).
    legend:
      series.length > 1 ? { bottom: 0, selectedMode: false, itemWidth: 14, itemHeight: 10, textStyle: { color: colors.ink } } : undefined,
    grid: { ...(base(colors).grid as object), bottom: series.length > 1 ? LEGEND_ROOM : 8 },
    xAxis: valueAxis(colors, options.max),
    yAxis: categoryAxis(colors, names, width),
    series: series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      stack: options.stacked ? 'all' : undefined,
      barMaxWidth: 18,
      itemStyle: { color: s.tone === 'muted' ? mix(colors.card, colors.muted, 0.55) : colors[s.tone] },
      label: {
        // Stacked: one number, the whole, at the end of the last part; side by side: each bar its own.
        show: !options.stacked || i === series.length - 1,
        position: 'right',
        color: colors.ink,
        fontSize: FONT_SIZE,
        formatter: (p: { dataIndex: number }) =>
          options.formatValue(options.stacked ? series.reduce((sum, x) => sum + x.values[p.dataIndex], 0) : s.values[p.dataIndex]),
      },
      emphasis: { disabled: true },
    })),
  })
}
