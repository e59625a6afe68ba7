import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CultureBridge } from '../../electron/core/api'
import { openBrowser, screenshot, startWebApp, type Browser, type WebApp } from './browser-mode'

describe('training, end to end in browser mode', () => {
  let app: WebApp
  let browser: Browser
  let page: Page
  let missedTitle = ''

  beforeAll(async () => {
    app = await startWebApp(['--demo'])
    browser = await openBrowser()
    page = browser.page
    page.on('dialog', (d) => void d.accept())
    await page.goto(app.url)
    await page.getByTestId('story-row').first().waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  /** The trainee sees no quality marks; the test looks the scenario up to answer as badly as possible. */
  async function worstChoiceText(): Promise<string> {
    const title = (await page.locator('.scenario-head h2').textContent())!
    const situation = (await page.locator('.situation').textContent())!
    return page.evaluate(
      async ({ title, situation }) => {
        const { culture } = window as unknown as { culture: CultureBridge }
        const list = await culture.call('scenarios.list', {})
        if (!list.ok) throw new Error(list.error.message)
        const scenario = list.value.find((s) => s.title === title)!
        const step = scenario.steps.find((s) => s.situation === situation)!
        return [...step.choices].sort((a, b) => a.quality - b.quality)[0].text
      },
      { title, situation },
    )
  }

  it('creates a trainee and plays five onboarding scenarios, one of them badly, with feedback and endings', async () => {
    await page.getByRole('link', { name: 'Training' }).click()
    await page.locator('input[name=trainee-name]').fill('Nora Dahl')
    await page.locator('input[name=trainee-team]').fill('Returns')
    await page.getByRole('button', { name: 'Start training' }).click()
    await page.getByTestId('mode-onboarding').click()

    let finished = 0
    while (finished < 5) {
      // Now and then a "did you know" card comes first; Enter moves past it.
      const fact = page.getByTestId('fact-card')
      await Promise.race([page.getByTestId('choice').first().waitFor(), fact.waitFor()])
      if (await fact.isVisible()) {
        expect(await fact.textContent()).toMatch(/Source:/)
        await page.keyboard.press('Enter')
      }
      await page.getByTestId('choice').first().waitFor()
      if (finished === 0) {
        if (!missedTitle) await screenshot(page, 'training-question')
        missedTitle = (await page.locator('.scenario-head h2').textContent())!
        const worst = await worstChoiceText()
        await page.getByTestId('choice').filter({ hasText: worst }).click()
      } else {
        await page.keyboard.press('1')
      }
      await page.getByTestId('feedback').waitFor()
      if (finished === 0) await screenshot(page, 'training-feedback')
      if (await page.getByTestId('ending').isVisible()) {
        const ending = (await page.getByTestId('ending').textContent())!
        if (finished === 0) expect(ending).not.toContain('Customer for life')
        finished++
      }
      await page.keyboard.press('Enter')
      // Wait for the step to move on, so the next round never reads the old screen.
      if (finished < 5) await page.getByTestId('feedback').waitFor({ state: 'hidden' })
    }
  })

  it('shows progress, and the team lead sees the trainee in the table', async () => {
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.getByTestId('trainee-progress').waitFor()
    await screenshot(page, 'training-progress')
    expect((await page.getByTestId('trainee-progress').textContent())!.replace(/\s+/g, ' ')).toMatch(/5\/10\s*onboarding path/)
    await page.getByRole('link', { name: 'Team progress' }).click()
    const table = page.getByTestId('team-table')
    await table.waitFor()
    expect(await table.textContent()).toContain('Nora Dahl')
    await page.getByRole('link', { name: 'Back to training' }).click()
  })

  it('brings the missed scenario back in Practice', async () => {
    // A missed scenario is due again after ts-fsrs's first learning step (one minute).
    const deadline = Date.now() + 90_000
    for (;;) {
      await page.getByTestId('mode-practice').click()
      const scenario = page.getByTestId('scenario')
      const message = page.getByTestId('training-message')
      await Promise.race([scenario.waitFor(), message.waitFor()])
      if (await scenario.isVisible()) break
      expect(Date.now()).toBeLessThan(deadline)
      await page.getByRole('button', { name: 'Back' }).click()
      await page.waitForTimeout(10_000)
    }
    expect(await page.locator('.scenario-head h2').textContent()).toBe(missedTitle)
  }, 150_000)
})
