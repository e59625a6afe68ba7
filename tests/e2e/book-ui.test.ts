import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, openBrowser, screenshot, startWebApp, type Browser, type WebApp } from './browser-mode'
import { PdfFile } from './pdf-file'

describe('the yearly book, end to end in browser mode', () => {
  let exportDir: string
  let app: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    exportDir = mkdtempSync(join(tmpdir(), 'culture-book-exports-'))
    app = await startWebApp(['--demo', '--export-dir', exportDir])
    browser = await openBrowser()
    page = browser.page
    await page.goto(app.url)
    await page.getByTestId('story-row').first().waitFor()
    // The curator has approved the year's stories.
    const list = await callApi(page, 'stories.list', { year: 2025, limit: 100 })
    for (const s of list.items) await callApi(page, 'stories.setStatus', { id: s.id, status: 'approved' })
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    rmSync(exportDir, { recursive: true, force: true })
  })

  it('curates an edition: excludes a story and reorders the chapters', async () => {
    await page.getByRole('link', { name: 'Yearly book' }).click()
    await page.getByTestId('book-year').selectOption('2025')
    await page.getByTestId('book-chapter').first().waitFor()
    await page.getByTestId('gap-list').waitFor()
    const first = page.getByTestId('book-chapter').first()
    const firstName = (await first.locator('h2').textContent())!
    const secondName = (await page.getByTestId('book-chapter').nth(1).locator('h2').textContent())!
    const excluded = (await first.getByTestId('book-story').first().locator('.story-name').textContent())!
    await first.getByTestId('book-story').first().locator('input[type=checkbox]').uncheck()
    await page.getByTestId('book-story-excluded').filter({ hasText: excluded }).waitFor()
    await page.getByRole('button', { name: `Move ${secondName} up` }).click()
    await page.getByTestId('book-chapter').first().locator('h2').filter({ hasText: secondName }).waitFor()
    await screenshot(page, 'book-curation')

    await page.getByTestId('export-pdf').click()
    await page.getByTestId('export-result').waitFor({ timeout: 90_000 })
    const [pdf] = readdirSync(exportDir).filter((f) => f.endsWith('.pdf'))
    expect(readdirSync(exportDir)).toEqual([pdf])
    const printed = new PdfFile(join(exportDir, pdf))
    const text = printed.allText().replace(/\s+/g, ' ')
    printed.close()
    expect(text).not.toContain(excluded)
    // The contents list the moved chapter first.
    const contents = text.slice(text.indexOf('Contents'))
    expect(contents.indexOf(secondName)).toBeLessThan(contents.indexOf(firstName))
  })
})
