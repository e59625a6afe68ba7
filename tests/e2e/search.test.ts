import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editShownStory, openAppTab, openBrowser, screenshot, type Browser } from './browser-mode'

const GIRAFFE = 'Tiny felt shoes for a giraffe named Gunnar'

/** Types a query and waits until browser mode has answered that very query and the page shows it. */
async function search(page: Page, text: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/search.query') && r.request().postDataJSON()?.text === text)
  await page.getByTestId('search-input').fill(text)
  expect(await (await answered).json()).toMatchObject({ ok: true })
  await page
    .getByTestId('search-summary')
    .filter({ hasText: `for “${text}”` })
    .waitFor()
}

/** Every test searches a fresh demo library of its own. */
describe('search, end to end in browser mode', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  const results = (page: Page) => page.getByTestId('search-result')

  async function demoTab() {
    const tab = await openAppTab(browser, { demo: true })
    tab.page.on('dialog', (dialog) => void dialog.accept())
    await tab.page.getByTestId('story-row').first().waitFor()
    return tab
  }

  it('opens the command palette with Ctrl+K: stories with highlighted words as you type, Enter opens one', async () => {
    const { page } = await demoTab()
    await page.keyboard.press('Control+k')
    const palette = page.getByTestId('command-palette')
    await palette.getByRole('combobox').waitFor()
    await page.keyboard.type('giraffe')
    const story = palette
      .getByRole('option')
      .filter({ has: page.locator('mark') })
      .first()
    await story.waitFor()
    expect((await story.locator('mark').allTextContents()).every((m) => /^giraffe/i.test(m))).toBe(true)
    await screenshot(page, 'command-palette')
    // The first option is active; arrows move through them and Enter opens the one reached.
    while ((await palette.getByRole('option', { selected: true }).locator('mark').count()) === 0) await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page
      .getByTestId('story-title')
      .filter({ hasText: /giraffe/i })
      .waitFor()
    expect(await palette.isVisible()).toBe(false)
  })

  it('shows highlighted results as you type in the search box', async () => {
    const { page } = await demoTab()
    await page.getByTestId('search-input').click()
    await page.keyboard.type('kunder')
    await results(page).first().waitFor()
    expect(await page.getByTestId('search-summary').textContent()).toMatch(/\d+ stor(y|ies) for “kunder”/)
    const marked = await results(page).first().locator('mark').allTextContents()
    expect(marked.length).toBeGreaterThan(0)
    expect(marked.every((m) => /^kund/i.test(m))).toBe(true)
    await screenshot(page, 'search-results')
  })

  it('gives a hint, not an error, for lunr syntax and punctuation', async () => {
    const { page, pageErrors } = await demoTab()
    for (const text of ['title:', '"unclosed', '***', '~^', 'the and of']) {
      await search(page, text)
      expect(await page.locator('.page .error').count(), text).toBe(0)
    }
    await page.getByTestId('search-hint').filter({ hasText: 'too common' }).waitFor()
    expect(pageErrors).toEqual([])
  })

  it('opens a result, with more like it', async () => {
    const { page } = await demoTab()
    await search(page, 'giraffe')
    await results(page).first().getByRole('link').click()
    await page.getByTestId('story-title').filter({ hasText: 'giraffe' }).waitFor()
    await page.getByTestId('more-like-this').waitFor()
  })

  it('finds an edited story by its new word at once', async () => {
    const { page } = await demoTab()
    await page.getByRole('link', { name: GIRAFFE }).click()
    await editShownStory(page)
    await page.locator('textarea[name=body]').fill('Gunnar now owns a pair of marzipan slippers.')
    await page.getByRole('button', { name: /^(Save|Save draft)$/ }).click()
    await page.getByTestId('story-title').waitFor()
    await search(page, 'marzipan')
    expect(await results(page).allTextContents()).toEqual([expect.stringContaining('giraffe')])
    expect(await results(page).first().locator('mark').allTextContents()).toContain('marzipan')
  })

  it('warns about a probable duplicate when a new story is saved', async () => {
    const { page } = await demoTab()
    // The demo's giraffe story, told again under the same title.
    await page.getByRole('link', { name: GIRAFFE }).click()
    const body = (await page.getByTestId('markdown').textContent())!.trim()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: 'New story' }).click()
    await page.locator('input[name=title]').fill(GIRAFFE)
    await page.locator('input[name=author]').fill('Noor Al-Sayed')
    await page.locator('[data-value=fun-and-weirdness]').check()
    await page.locator('textarea[name=body]').fill(body)
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByTestId('duplicate-warning').waitFor()
    expect(await page.getByTestId('duplicate-warning').textContent()).toContain('giraffe')
  })
})
