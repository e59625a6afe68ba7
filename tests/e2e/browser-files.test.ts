import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAppTab, openBrowser, type Browser } from './browser-mode'

/**
 * What a browser can do that a desktop does with folders and files on the machine: download what
 * was exported, upload a folder to import, and open any page of the app in a second tab.
 */
describe('files and tabs in browser mode (issue 13, part 8)', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('opens a link in a new tab without asking for the token again', async () => {
    const { app, page } = await openAppTab(browser, { demo: true })
    await page.getByTestId('story-row').first().waitFor()
    const href = await page.getByTestId('story-row').first().getByRole('link').first().getAttribute('href')
    // A new tab starts with the address alone: no token in it, and none in its session.
    const tab = await browser.context.newPage()
    try {
      await tab.goto(new URL(href!, new URL(app.url).origin).toString())
      await tab.getByTestId('story-title').waitFor()
      expect(await tab.locator('body').textContent()).not.toContain('token')
    } finally {
      await tab.close()
    }
  })

  it('downloads a Markdown export as a zip and a pack of the stories shown', async () => {
    const { page } = await openAppTab(browser, { demo: true })
    await page.getByRole('link', { name: 'Library' }).click()
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Export Markdown folder' })
        .click()
        .then(() => page.getByRole('button', { name: 'Download' }).click()),
    ])
    expect(markdown.suggestedFilename()).toMatch(/^culture-book-markdown-.*\.zip$/)
    const files = unzipSync(new Uint8Array(readFileSync((await markdown.path())!)))
    expect(Object.keys(files).filter((f) => f.endsWith('.md')).length).toBeGreaterThan(20)

    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').first().waitFor()
    const [pack] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-filtered').click()])
    expect(pack.suggestedFilename()).toMatch(/\.culturepack$/)
    expect(strFromU8(readFileSync((await pack.path())!)).length).toBeGreaterThan(1000)
  })

  it('imports a Markdown folder picked in the browser', async () => {
    const { page, dir } = await openAppTab(browser)
    const folder = join(dir, 'from-the-team')
    mkdirSync(folder)
    writeFileSync(
      join(folder, 'boots.md'),
      [
        '---',
        'id: 5b0e7c1e-8f3a-4c55-9a8e-1c2d3e4f5a6b',
        'title: Boots for a giraffe',
        'values: [deliver-wow]',
        'author: Maja Holm',
        'happened_on: 2026-03-14',
        '---',
        'We sent boots overnight.',
        '',
      ].join('\n'),
    )
    await page.getByRole('link', { name: 'Library' }).click()
    await page.getByTestId('markdown-folder').setInputFiles(folder)
    await page.getByTestId('pack-preview').filter({ hasText: '1 new' }).waitFor()
    await page.getByTestId('apply-pack').click()
    await page.getByText('Imported: 1 new').waitFor()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: 'Boots for a giraffe' }).waitFor()
  })
})
