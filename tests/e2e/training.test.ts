import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, openAppTab, openBrowser, screenshot, startWebApp, type Browser } from './browser-mode'

/**
 * Plays the onboarding path through the API, always picking the best (or the worst) answer, and
 * returns the titles of the scenarios played. The trainee never sees quality marks; the test reads them.
 */
async function playOnboarding(page: Page, traineeId: string, scenarios: number, pick: 'best' | 'worst'): Promise<string[]> {
  const titles: string[] = []
  for (let played = 0; played < scenarios; played++) {
    const start = await callApi(page, 'training.start', { traineeId, mode: 'onboarding' })
    if (start.sessionId === null) throw new Error(start.message)
    titles.push(start.scenario.title)
    const scenario = await callApi(page, 'scenarios.get', { id: start.scenario.id })
    let stepId = start.step.stepId
    for (;;) {
      const choices = [...scenario.steps.find((s) => s.id === stepId)!.choices].sort((a, b) => b.quality - a.quality)
      const result = await callApi(page, 'training.answer', {
        sessionId: start.sessionId,
        choiceId: (pick === 'best' ? choices[0] : choices.at(-1)!).id,
      })
      if (result.ending) break
      stepId = result.next!.stepId
    }
  }
  return titles
}

describe('training, end to end in browser mode', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('creates a trainee and plays five onboarding scenarios, one of them badly, with feedback and endings', async () => {
    const { page } = await openAppTab(browser)
    page.on('dialog', (d) => void d.accept())
    /** The trainee sees no quality marks; the test looks the scenario up to answer as badly as possible. */
    const worstChoiceText = async () => {
      const title = (await page.locator('.scenario-head h2').textContent())!
      const situation = (await page.locator('.situation').textContent())!
      const scenario = (await callApi(page, 'scenarios.list', {})).find((s) => s.title === title)!
      const step = scenario.steps.find((s) => s.situation === situation)!
      return [...step.choices].sort((a, b) => a.quality - b.quality)[0].text
    }

    await page.getByRole('link', { name: 'Training' }).click()
    await page.locator('input[name=trainee-name]').fill('Nora Dahl')
    await page.locator('input[name=trainee-team]').fill('Returns')
    await page.getByRole('button', { name: 'Start training' }).click()
    await page.getByTestId('mode-onboarding').click()

    let finished = 0
    let firstStep = true
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
        if (firstStep) await screenshot(page, 'training-question')
        firstStep = false
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
    const { page } = await openAppTab(browser)
    const trainee = await callApi(page, 'trainees.create', { name: 'Nora Dahl', team: 'Returns', startDate: '2026-01-05' })
    await playOnboarding(page, trainee.id, 5, 'best')

    await page.getByRole('link', { name: 'Training' }).click()
    const progress = page.getByTestId('trainee-progress')
    await progress.filter({ hasText: /5\/10\s*onboarding path/ }).waitFor()
    await screenshot(page, 'training-progress')
    await page.getByRole('link', { name: 'Team progress' }).click()
    await page.getByTestId('team-table').filter({ hasText: 'Nora Dahl' }).waitFor()
  })

  it('brings a missed scenario back in Practice once it is due, not before', async () => {
    const { app, page, dir } = await openAppTab(browser)
    const trainee = await callApi(page, 'trainees.create', { name: 'Ola Berg', team: 'Returns', startDate: '2026-01-05' })
    const [missed] = await playOnboarding(page, trainee.id, 1, 'worst')
    const practice = async (target: Page) => {
      await target.getByRole('link', { name: 'Training' }).click()
      await target.getByTestId('mode-practice').click()
      await Promise.race([target.getByTestId('scenario').waitFor(), target.getByTestId('training-message').waitFor()])
    }

    // Straight after the miss nothing is due yet: ts-fsrs brings it back after its first learning step (a minute).
    await practice(page)
    expect(await page.getByTestId('training-message').textContent()).toMatch(/Nothing is due for review right now/)

    // The same library ten minutes later, by the training clock: browser mode started with it run ahead.
    await app.stop()
    const later = await startWebApp(['--library', `${dir}/library.sqlite`], { CULTURE_TRAINING_CLOCK_OFFSET_MS: String(10 * 60_000) })
    try {
      await page.goto(later.url)
      await practice(page)
      expect(await page.locator('.scenario-head h2').textContent()).toBe(missed)
    } finally {
      await later.stop()
    }
  })
})
