import { color } from 'echarts/core'
import { shownTheme } from '../../theme'

/** The colours a chart draws with, read from styles.css's variables for the theme on screen, and the page's font. */
export interface ChartColors {
  /**
   * The font family the page writes in: ECharts measures labels with it to cut long names at the
   * width they get ("inherit" cannot be measured, so names would be measured too short and overflow).
   */
  font: string
  ink: string
  muted: string
  line: string
  card: string
  accent: string
  focus: string
  danger: string
}

const NAMES: Record<Exclude<keyof ChartColors, 'font'>, string> = {
  ink: '--ink',
  muted: '--muted',
  line: '--line',
  card: '--card',
  accent: '--accent',
  focus: '--focus',
  danger: '--danger',
}

/** Where no stylesheet is loaded (component tests), charts still draw, in grey. */
const NO_STYLESHEET = 'rgb(128, 128, 128)'

/**
 * A variable as a colour ECharts can parse and mix. The browser resolves var() and light-dark() on a
 * probe inside `host` (so the host's colour scheme counts); where it hands the text back unresolved,
 * light-dark() is picked by the theme on screen.
 */
function resolve(host: HTMLElement, variable: string): string {
  const probe = document.createElement('span')
  probe.style.color = `var(${variable})`
  probe.hidden = true
  host.appendChild(probe)
  const computed = getComputedStyle(probe).color
  probe.remove()
  if (color.parse(computed)) return computed
  const raw = getComputedStyle(document.documentElement).getPropertyValue(variable).trim()
  const pair = /^light-dark\(\s*(.+?)\s*,\s*(.+?)\s*\)$/.exec(raw)
  const picked = pair ? pair[shownTheme.value === 'dark' ? 2 : 1] : raw
  return color.parse(picked) ? picked : NO_STYLESHEET
}

export function chartColors(host: HTMLElement): ChartColors {
  const colors = Object.fromEntries(Object.entries(NAMES).map(([key, variable]) => [key, resolve(host, variable)]))
  return { ...colors, font: getComputedStyle(host).fontFamily || 'sans-serif' } as ChartColors
}

/** `share` (0–1) of `over` laid on `under`: tints that keep the theme's text readable on top. */
export function mix(under: string, over: string, share: number): string {
  return color.lerp(share, [under, over]) as string
}
