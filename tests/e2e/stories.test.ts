import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { CultureBridge } from '../../electron/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, startWebApp, type Browser, type WebApp } from './browser-mode'

/**
 * The whole app, for real: the built renderer in Debian's Chromium, talking to the built browser
 * mode over HTTP, on a library file in a temp folder.
 */
describe('stories, end to end in browser mode', () => {
  let dir: string
  let library: string
  let app: WebApp
  let browser: Browser
  let page: Page
  const dialogs: string[] = []
  /** How the next confirm() is answered; "stay" unless a test says otherwise. */
  let leaveEditor = false
  const pageErrors: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'culture-book-e2e-'))
    library = join(dir, 'library.sqlite')
    app = await startWebApp(['--library', library])
    browser = await openBrowser()
    page = browser.page
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void (leaveEditor ? dialog.accept() : dialog.dismiss())
    })
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(app.url)
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const statusOf = () => page.getByTestId('status').first().textContent()

  it('starts empty and drops the token from the address bar', async () => {
    await page.getByText('No stories yet').waitFor()
    expect(page.url()).not.toContain('token=')
  })

  it('creates a story with two values, primary chosen', async () => {
    await page.getByRole('link', { name: 'New story' }).click()
    await page.locator('input[name=title]').fill('Boots for a funeral, returned with flowers')
    await page.locator('input[name=author]').fill('Maja Holm')
    await page.locator('input[name=team]').fill('Returns')
    await page.locator('input[name=happenedOn]').fill('2025-11-03')
    await page.locator('input[name=customerContext]').fill('Widow, could not face sending the boots back')
    await page.locator('[data-value=deliver-wow]').check()
    await page.locator('[data-value=humble]').check()
    await page.locator('[data-primary=humble]').check()
    await page.locator('input[name=isRecovery]').check()
    await page.locator('textarea[name=body]').fill('We told her to **keep the refund** and sent flowers.\n\n> Thank you for being human.')
    // The live preview renders the Markdown as it is typed.
    await page.locator('.preview strong', { hasText: 'keep the refund' }).waitFor()
    await screenshot(page, 'editor')
    await page.getByRole('button', { name: 'Save draft' }).click()

    await page.getByTestId('story-title').filter({ hasText: 'Boots for a funeral' }).waitFor()
    expect(await statusOf()).toBe('Draft')
    expect(await page.locator('.chip.primary').textContent()).toBe('Be humble')
    expect(await page.locator('.chip').count()).toBe(2)
    expect(await page.locator('.markdown blockquote').textContent()).toContain('Thank you for being human.')
  })

  it('shows a clear message for bad input and keeps what was typed', async () => {
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: 'New story' }).click()
    await page.locator('input[name=title]').fill('   ')
    await page.locator('input[name=author]').fill('Ola')
    await page.locator('textarea[name=body]').fill('Text that must not be lost.')
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByText('Give the story a title.').first().waitFor()
    await page.getByText('Tag the story with at least one core value.').first().waitFor()
    expect(await page.locator('textarea[name=body]').inputValue()).toBe('Text that must not be lost.')
    // Leaving with unsaved text asks first; the dialog handler answers "stay".
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    expect(dialogs.at(-1)).toMatch(/unsaved changes/)
    expect(page.url()).toContain('#/stories/new')
  })

  it('finds the story in the list by value and status filters', async () => {
    leaveEditor = true
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').first().waitFor()
    await page.getByTestId('filter-value').selectOption({ label: 'Be humble' })
    await page.getByTestId('filter-status').selectOption('draft')
    await page.getByTestId('story-count').filter({ hasText: '1 story match the filters' }).waitFor()
    await page.getByTestId('filter-value').selectOption({ label: 'Be passionate and determined' })
    await page.getByText('No story matches these filters.').waitFor()
    await page.getByRole('button', { name: 'Clear filters' }).first().click()
    await page.getByTestId('story-row').filter({ hasText: 'Boots for a funeral' }).waitFor()
    await screenshot(page, 'story-list')
  })

  it('edits the story and submits it for review', async () => {
    await page.getByRole('link', { name: 'Boots for a funeral, returned with flowers' }).click()
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.locator('input[name=title]').fill('Winter boots, a funeral, and flowers')
    await page.getByRole('button', { name: 'Submit for review' }).click()
    await page.getByTestId('story-title').filter({ hasText: 'Winter boots, a funeral, and flowers' }).waitFor()
    expect(await statusOf()).toBe('Submitted')
    await page.getByTestId('review-count').filter({ hasText: '1' }).waitFor()
  })

  it('approves it from the review queue', async () => {
    await page.getByRole('link', { name: /Review queue/ }).click()
    const row = page.getByTestId('story-row').filter({ hasText: 'Winter boots' })
    await row.getByRole('button', { name: 'Approve' }).click()
    await page.getByText('Nothing waits for review').waitFor()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').filter({ hasText: 'Approved' }).waitFor()
  })

  it('moves it to the trash and restores it', async () => {
    await page.getByRole('link', { name: 'Winter boots, a funeral, and flowers' }).click()
    await page.getByRole('button', { name: 'Move to trash' }).click()
    await page.getByText('No stories yet').waitFor()
    await page.getByRole('link', { name: /Trash/ }).click()
    const row = page.getByTestId('story-row').filter({ hasText: 'Winter boots' })
    await row.getByRole('button', { name: 'Restore' }).click()
    await page.getByText('The trash is empty.').waitFor()
  })

  it('keeps everything after a reload and after restarting browser mode', async () => {
    await page.reload()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').filter({ hasText: 'Winter boots' }).filter({ hasText: 'Approved' }).waitFor()

    await app.stop()
    app = await startWebApp(['--library', library])
    await page.goto(app.url)
    const row = page.getByTestId('story-row').filter({ hasText: 'Winter boots' })
    await row.waitFor()
    expect(await row.getByTestId('status').textContent()).toBe('Approved')
  })

  it('shows HTML and script in a story as harmless text', async () => {
    const body = [
      'Before <img src=x onerror=alert(1)> after.',
      '',
      '<script>alert(2)</script>',
      '',
      '[click me](javascript:alert(3)) and [safe](https://example.com)',
    ].join('\n')
    const created = await page.evaluate(async (text) => {
      // Runs in the page, where the bridge is installed as window.culture.
      const { culture } = window as unknown as { culture: CultureBridge }
      const values = await culture.call('values.list', {})
      if (!values.ok) throw new Error(values.error.message)
      const id = values.value[0].id
      return culture.call('stories.create', {
        fields: { title: '<b>Bold</b> attempt', body: text, author: 'Mallory', happenedOn: '2025-01-02', valueIds: [id], primaryValueId: id },
      })
    }, body)
    if (!created.ok) throw new Error(created.error.message)
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByRole('link', { name: created.value.title }).click()
    const markdown = page.getByTestId('markdown')
    await markdown.waitFor()
    expect(await markdown.textContent()).toContain('<img src=x onerror=alert(1)>')
    expect(await markdown.textContent()).toContain('<script>alert(2)</script>')
    expect(await page.getByTestId('story-title').textContent()).toBe('<b>Bold</b> attempt')
    expect(await markdown.locator('img, script').count()).toBe(0)
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0)
    await markdown.getByText('click me').click()
    await page.waitForTimeout(300)
    expect(dialogs.filter((d) => /^[123]$/.test(d))).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('refuses API calls without the token or from a foreign origin', async () => {
    const base = app.url.split('?')[0]
    const post = (headers: Record<string, string>) =>
      fetch(`${base}api/values.list`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })
    expect((await post({})).status).toBe(401)
    expect((await post({ 'x-culture-token': app.token, origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ 'x-culture-token': app.token })).status).toBe(200)
  })
})
