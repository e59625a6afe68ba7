import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editShownStory, openAppTab, openBrowser, screenshot, type AppTab, type Browser } from './browser-mode'

/** Two libraries, A (the demo) and B (empty), each in its own browser-mode server and tab; fresh ones for every test. */
describe('pooling stories between libraries, end to end', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  /** Two tabs in one browser: Chromium slows the one in the background, so each helper brings its tab to the front. */
  async function twoLibraries() {
    const a = await openAppTab(browser, { demo: true })
    const b = await openAppTab(browser)
    for (const tab of [a, b]) tab.page.on('dialog', (d) => void d.accept())
    return { a, b }
  }

  /** Exports a pack from the tab's library and returns the file: the one new pack in its export folder. */
  async function exportPack({ page, dir }: AppTab): Promise<string> {
    const folder = join(dir, 'exports')
    const before = existsSync(folder) ? readdirSync(folder) : []
    await page.bringToFront()
    await page.getByRole('link', { name: 'Library' }).click()
    await page.getByTestId('export-pack').click()
    await page.getByTestId('pack-result').waitFor()
    const made = readdirSync(folder).filter((f) => f.endsWith('.culturepack') && !before.includes(f))
    expect(made).toHaveLength(1)
    return join(folder, made[0])
  }

  async function importAll(page: Page, pack: string) {
    await page.bringToFront()
    await page.getByRole('link', { name: 'Library' }).click()
    await page.getByTestId('pack-file').setInputFiles(pack)
    await page.getByTestId('pack-preview').filter({ hasText: '32 new' }).waitFor()
    await page.getByTestId('apply-pack').click()
    await page.getByText('Imported: 32 new').waitFor()
  }

  async function editBody(page: Page, title: string, body: string) {
    await page.bringToFront()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: title }).click()
    await editShownStory(page)
    await page.locator('textarea[name=body]').fill(body)
    await page.getByRole('button', { name: /^(Save|Save draft)$/ }).click()
    await page.getByTestId('story-title').waitFor()
  }

  it('exports a pack from A and imports it into B', async () => {
    const { a, b } = await twoLibraries()
    await importAll(b.page, await exportPack(a))
    await b.page.getByRole('link', { name: 'Stories', exact: true }).click()
    await b.page.getByTestId('story-count').filter({ hasText: '32 stories' }).waitFor()
  })

  it('resolves a conflict and shows the result in the list and the history', async () => {
    const { a, b } = await twoLibraries()
    await importAll(b.page, await exportPack(a))
    const title = 'Tiny felt shoes for a giraffe named Gunnar'
    await editBody(a.page, title, 'Edited in A: the giraffe got boots too.')
    await editBody(b.page, title, 'Edited in B: the giraffe wrote back.')
    const pack = await exportPack(a)
    const pageB = b.page
    await pageB.bringToFront()
    await pageB.getByRole('link', { name: 'Library' }).click()
    await pageB.getByTestId('pack-file').setInputFiles(pack)
    const conflict = pageB.getByTestId('conflict')
    await conflict.waitFor()
    await screenshot(pageB, 'pack-conflict')
    await conflict.getByTestId('keep-theirs-body').check()
    await pageB.getByTestId('apply-pack').click()
    await pageB.getByText(/Imported: 0 new, 1 updated/).waitFor()

    await pageB.getByRole('link', { name: 'Stories', exact: true }).click()
    await pageB.getByTestId('story-row').filter({ hasText: 'the giraffe got boots too' }).waitFor()
    await pageB.getByRole('link', { name: title }).click()
    await pageB.getByRole('link', { name: 'History' }).click()
    await pageB.getByTestId('revision').first().waitFor()
    // Now (A's body, kept) against B's own edit before the import, word by word.
    const compare = pageB.getByTestId('compare')
    expect(await compare.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('got')]))
    expect(await compare.locator('del').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('wrote')]))
    expect(await compare.textContent()).toContain('the giraffe')
    await screenshot(pageB, 'story-history')
  })
})
