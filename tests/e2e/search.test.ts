import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, startWebApp, type Browser, type WebApp } from './browser-mode'

describe('search, end to end in browser mode', () => {
  let app: WebApp
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    app = await startWebApp(['--demo'])
    browser = await openBrowser()
    page = browser.page
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('dialog', (dialog) => void dialog.accept())
    await page.goto(app.url)
    await page.getByTestId('story-row').first().waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  const results = () => page.getByTestId('search-result')

  it('focuses the search box with Ctrl+K and shows highlighted results as you type', async () => {
    await page.keyboard.press('Control+k')
    await page.keyboard.type('kunder')
    await results().first().waitFor()
    expect(await page.getByTestId('search-summary').textContent()).toMatch(/\d+ stor(y|ies) for “kunder”/)
    const marked = await results().first().locator('mark').allTextContents()
    expect(marked.length).toBeGreaterThan(0)
    expect(marked.every((m) => /^kund/i.test(m))).toBe(true)
    await screenshot(page, 'search-results')
  })

  it('gives a hint, not an error, for lunr syntax and punctuation', async () => {
    for (const text of ['title:', '"unclosed', '***', '~^', 'the and of']) {
      await page.getByTestId('search-input').fill(text)
      await page.waitForTimeout(150)
    }
    await page.getByTestId('search-hint').filter({ hasText: 'too common' }).waitFor()
    expect(pageErrors).toEqual([])
  })

  it('opens a result', async () => {
    await page.getByTestId('search-input').fill('giraffe')
    await results().first().waitFor()
    await results().first().getByRole('link').click()
    await page.getByTestId('story-title').filter({ hasText: 'giraffe' }).waitFor()
    await page.getByTestId('more-like-this').waitFor()
  })

  it('finds an edited story by its new word at once', async () => {
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.locator('textarea[name=body]').fill('Gunnar now owns a pair of marzipan slippers.')
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByTestId('story-title').waitFor()
    await page.getByTestId('search-input').fill('marzipan')
    await results().filter({ hasText: 'giraffe' }).waitFor()
    expect(await results().count()).toBe(1)
    expect(await results().first().locator('mark').allTextContents()).toContain('marzipan')
  })

  it('warns about a probable duplicate when a new story is saved', async () => {
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: 'New story' }).click()
    await page.locator('input[name=title]').fill('Tiny felt shoes for a giraffe named Gunnar')
    await page.locator('input[name=author]').fill('Noor Al-Sayed')
    await page.locator('[data-value=fun-and-weirdness]').check()
    await page.locator('textarea[name=body]').fill('Gunnar now owns a pair of marzipan slippers.')
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByTestId('duplicate-warning').waitFor()
    expect(await page.getByTestId('duplicate-warning').textContent()).toContain('giraffe')
  })
})
