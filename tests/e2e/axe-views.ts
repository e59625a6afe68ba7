import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { screenshot } from './browser-mode'

/** axe-core's own build, evaluated in the page (page.evaluate is not bound by the app's Content-Security-Policy). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; html: string; failureSummary?: string }[]
}

/** What axe finds on the page as it stands that a person would be stopped by: serious and critical only. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')} ${n.html.slice(0, 200)}: ${n.failureSummary ?? ''}`),
    )
}

/** Elements that reach past the window's right edge: what makes a page scroll sideways. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth <= width) return []
    return [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getBoundingClientRect().width > 0)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`)
  })
}

const THEMES = ['light', 'dark'] as const
const WIDTHS = [1440, 800] as const

/**
 * One state of one view: axe in the light and the dark theme (the system's, followed live: the
 * setting is "Follow the system"), no sideways scrolling at 1440 and 800 px, a screenshot of each.
 * What is wrong goes into `found` under the state's name.
 */
export async function checkView(tab: { page: Page }, state: string, found: Record<string, string[]>): Promise<void> {
  const { page } = tab
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme })
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme)
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 800 ? 700 : 900 })
      // A layout's transitions and lazy parts settle before axe reads colours.
      await page.waitForTimeout(100)
      const problems = [...(await sidewaysOverflow(page)).map((o) => `scrolls sideways at ${width} px: ${o}`)]
      if (width === 1440 || theme === 'dark') problems.push(...(await seriousViolations(page)))
      if (problems.length) found[`${state} (${theme}, ${width} px)`] = [...new Set(problems)]
      await screenshot(page, `a11y-${state}-${theme}-${width}`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
