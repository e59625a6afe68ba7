import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, startWebApp, type Browser, type WebApp } from './browser-mode'

/** Two libraries, A (the demo) and B (empty), each in its own browser-mode server and tab. */
describe('pooling stories between libraries, end to end', () => {
  let dir: string
  let a: WebApp
  let b: WebApp
  let browser: Browser
  let pageA: Page
  let pageB: Page

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'culture-book-exchange-'))
    a = await startWebApp(['--demo', '--export-dir', join(dir, 'exports-a')])
    b = await startWebApp(['--library', join(dir, 'b.sqlite'), '--export-dir', join(dir, 'exports-b')])
    browser = await openBrowser()
    pageA = browser.page
    pageB = await browser.context.newPage()
    for (const page of [pageA, pageB]) page.on('dialog', (d) => void d.accept())
    await pageA.goto(a.url)
    await pageB.goto(b.url)
  })

  afterAll(async () => {
    await browser?.close()
    await a?.stop()
    await b?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  async function exportFromA(): Promise<string> {
    await pageA.getByRole('link', { name: 'Library' }).click()
    await pageA.getByTestId('export-pack').click()
    await pageA.getByTestId('pack-result').waitFor()
    const folder = join(dir, 'exports-a')
    return join(folder, readdirSync(folder).find((f) => f.endsWith('.culturepack'))!)
  }

  async function editBody(page: Page, title: string, body: string) {
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: title }).click()
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.locator('textarea[name=body]').fill(body)
    await page.getByRole('button', { name: /^(Save|Save draft)$/ }).click()
    await page.getByTestId('story-title').waitFor()
  }

  it('exports a pack from A and imports it into B', async () => {
    const pack = await exportFromA()
    await pageB.getByRole('link', { name: 'Library' }).click()
    await pageB.getByTestId('pack-file').setInputFiles(pack)
    await pageB.getByTestId('pack-preview').filter({ hasText: '32 new' }).waitFor()
    await pageB.getByTestId('apply-pack').click()
    await pageB.getByText('Imported: 32 new').waitFor()
    await pageB.getByRole('link', { name: 'Stories', exact: true }).click()
    await pageB.getByTestId('story-count').filter({ hasText: '32 stories' }).waitFor()
  })

  it('resolves a conflict and shows the result in the list and the history', async () => {
    const title = 'Tiny felt shoes for a giraffe named Gunnar'
    await editBody(pageA, title, 'Edited in A: the giraffe got boots too.')
    await editBody(pageB, title, 'Edited in B: the giraffe wrote back.')
    const pack = await exportFromA()
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
    const compare = (await pageB.getByTestId('compare').textContent())!
    expect(compare).toContain('Edited in A: the giraffe got boots too.')
    expect(compare).toContain('Edited in B: the giraffe wrote back.')
    await screenshot(pageB, 'story-history')
  })
})
