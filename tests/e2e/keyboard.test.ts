import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, openAppTab, openBrowser, screenshot, type Browser } from './browser-mode'

/**
 * Presses Tab (Shift+Tab with `back`) until the element has the focus, with its focus ring showing,
 * and fails if the keyboard never reaches it: no click anywhere in this file.
 */
async function tabTo(page: Page, target: Locator, { back = false, most = 120 } = {}): Promise<void> {
  await target.first().waitFor()
  for (let press = 0; press < most; press++) {
    const there = await target
      .first()
      .evaluate((el) => el === document.activeElement)
      .catch(() => false)
    if (there) {
      expect(await target.first().evaluate((el) => el.matches(':focus-visible'))).toBe(true)
      return
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`the keyboard never reached ${target.toString()}`)
}

describe('the keyboard alone, end to end in browser mode', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('writes a story with a value, saves it, finds it, opens it, submits it and approves it in the review queue', async () => {
    const { page, pageErrors } = await openAppTab(browser)
    await page.getByText('No stories yet').waitFor()
    const title = 'Keyboard courier found the parcel'

    // New story: every field reached with Tab, typed, a value ticked with Space.
    await tabTo(page, page.getByRole('link', { name: 'New story' }))
    await page.keyboard.press('Enter')
    await tabTo(page, page.locator('input[name=title]'))
    await page.keyboard.type(title)
    await tabTo(page, page.locator('input[name=author]'))
    await page.keyboard.type('Maja Holm')
    await tabTo(page, page.locator('input[name=team]'))
    await page.keyboard.type('Returns')
    await tabTo(page, page.locator('[data-value=humble]'))
    await page.keyboard.press('Space')
    await tabTo(page, page.locator('textarea[name=body]'))
    await page.keyboard.type('The parcel was lost in the snow; we drove it over ourselves.')
    await tabTo(page, page.getByRole('button', { name: 'Save draft' }))
    await screenshot(page, 'keyboard-editor')
    await page.keyboard.press('Enter')
    await page.getByTestId('story-title').filter({ hasText: title }).waitFor()

    // Back to the list, then find it with the search field: the arrow keys reach the result, Enter opens it.
    await tabTo(page, page.getByRole('link', { name: 'Stories', exact: true }), { back: true })
    await page.keyboard.press('Enter')
    await tabTo(page, page.getByTestId('search-input'), { back: true })
    await page.keyboard.type('parcel snow')
    await page.getByTestId('search-result').filter({ hasText: title }).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.getByTestId('story-title').filter({ hasText: title }).waitFor()

    // Submit it from the reader.
    await tabTo(page, page.getByRole('button', { name: 'Submit for review' }))
    await page.keyboard.press('Enter')
    await page.getByText('Submitted for review.').first().waitFor()

    // Approve it in the review queue.
    await tabTo(page, page.getByRole('link', { name: /^Review queue/ }), { back: true })
    await page.keyboard.press('Enter')
    await page.locator('.story-row').filter({ hasText: title }).waitFor()
    await tabTo(
      page,
      page
        .locator('.story-row')
        .filter({ hasText: title })
        .getByRole('button', { name: /^Approve/ }),
    )
    await screenshot(page, 'keyboard-review')
    await page.keyboard.press('Enter')

    await expect
      .poll(async () => (await callApi(page, 'stories.list', {})).items.map((s) => [s.title, s.status]))
      .toEqual([[title, 'approved']])
    expect(pageErrors).toEqual([])
  })

  it('imports a pack, leaves a story out of the yearly book and exports the book as HTML', async () => {
    const demo = await openAppTab(browser, { demo: true })
    await demo.page.locator('.story-title').first().waitFor()
    await tabTo(demo.page, demo.page.getByRole('link', { name: 'Library' }))
    await demo.page.keyboard.press('Enter')
    await tabTo(demo.page, demo.page.getByTestId('export-pack'))
    await demo.page.keyboard.press('Enter')
    await demo.page.getByTestId('pack-result').waitFor()
    const pack = join(
      demo.dir,
      'exports',
      readdirSync(join(demo.dir, 'exports')).find((f) => f.endsWith('.culturepack'))!,
    )

    const { page, pageErrors } = await openAppTab(browser)
    await page.getByText('No stories yet').waitFor()
    await tabTo(page, page.getByRole('link', { name: 'Library' }))
    await page.keyboard.press('Enter')
    // "Import a pack…" is a button the keyboard reaches, and Enter asks the file field for the system's
    // dialog; the test answers that dialog, which is the system's, not the app's.
    await tabTo(page, page.getByRole('button', { name: 'Import a pack…' }))
    const field = page.getByTestId('pack-file')
    await field.evaluate((input) => input.addEventListener('click', () => input.setAttribute('data-asked', 'yes'), { once: true }))
    await page.keyboard.press('Enter')
    expect(await field.getAttribute('data-asked')).toBe('yes')
    await field.setInputFiles(pack)
    await tabTo(page, page.getByTestId('apply-pack'))
    await page.keyboard.press('Enter')
    await page
      .getByText(/^Imported: /)
      .first()
      .waitFor()

    await tabTo(page, page.getByRole('link', { name: 'Yearly book' }), { back: true })
    await page.keyboard.press('Enter')
    const first = page.getByTestId('book-story').first()
    const title = (await first.locator('.story-name').textContent())!
    await tabTo(page, first.getByRole('checkbox'))
    await page.keyboard.press('Space')
    await page.getByTestId('book-story-excluded').filter({ hasText: title }).waitFor()
    await tabTo(page, page.getByRole('button', { name: 'Export HTML' }), { back: true })
    await page.keyboard.press('Enter')
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 })
    await screenshot(page, 'keyboard-book')
    expect(pageErrors).toEqual([])
  })

  it('plays a training scenario: the trainee typed in, numbers pick an answer, the feedback is announced, Enter goes on', async () => {
    const { page, pageErrors } = await openAppTab(browser)
    await page.getByText('No stories yet').waitFor()
    await tabTo(page, page.getByRole('link', { name: 'Training' }))
    await page.keyboard.press('Enter')
    await tabTo(page, page.locator('input[name=trainee-name]'))
    await page.keyboard.type('Nora Dahl')
    await page.keyboard.press('Enter')
    await tabTo(page, page.getByTestId('mode-onboarding'))
    await page.keyboard.press('Enter')
    await page.locator('[data-testid=fact-card], [data-testid=scenario]').first().waitFor()
    if (await page.getByTestId('fact-card').isVisible()) await page.keyboard.press('Enter')
    await page.getByTestId('choice').first().waitFor()
    const situation = await page.locator('.situation').textContent()

    await page.keyboard.press('1')
    // The answer's feedback arrives inside a live region that was there before it, so it is read out.
    const live = page.getByTestId('feedback-live')
    expect(await live.getAttribute('aria-live')).toBe('polite')
    await live.getByTestId('feedback').waitFor()
    await page.keyboard.press('Enter')
    await page.waitForFunction((before) => document.querySelector('.situation')?.textContent !== before, situation)
    expect(pageErrors).toEqual([])
  })
})
