import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiInput } from '../../electron/core/api'
import { callApi, editShownStory, openAppTab, openBrowser, screenshot, startWebApp, type Browser } from './browser-mode'

type StoryStatus = ApiInput<'stories.setStatus'>['status']

/** A story made through the API, tagged deliver-wow and humble (primary), in the status asked for. */
async function addStory(page: Page, title: string, status: StoryStatus = 'draft') {
  const values = await callApi(page, 'values.list', {})
  const id = (slug: string) => values.find((v) => v.slug === slug)!.id
  const story = await callApi(page, 'stories.create', {
    fields: {
      title,
      body: 'We told her to **keep the refund** and sent flowers.',
      author: 'Maja Holm',
      team: 'Returns',
      happenedOn: '2025-11-03',
      valueIds: [id('deliver-wow'), id('humble')],
      primaryValueId: id('humble'),
    },
  })
  return status === 'draft' ? story : callApi(page, 'stories.setStatus', { id: story.id, status })
}

/**
 * The whole app, for real: the built renderer in Chromium, talking to the built browser mode over
 * HTTP. Every test has a library file of its own, so none depends on another having run.
 */
describe('stories, end to end in browser mode', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('starts empty and drops the token from the address bar', async () => {
    const { page } = await openAppTab(browser)
    await page.getByText('No stories yet').waitFor()
    expect(page.url()).not.toContain('token=')
  })

  it('draws its text in the fonts it ships, whatever fonts the machine has', async () => {
    const { page } = await openAppTab(browser)
    await page.getByText('No stories yet').waitFor()
    const used = await page.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''))
    })
    expect(new Set(used)).toEqual(new Set(['Source Sans 3', 'Source Serif 4']))
    const families = await page.evaluate(() => [
      getComputedStyle(document.body).fontFamily,
      getComputedStyle(document.querySelector('h1')!).fontFamily,
    ])
    expect(families.map((f) => f.split(',')[0].replace(/["']/g, '').trim())).toEqual(['Source Sans 3', 'Source Serif 4'])
  })

  it('creates a story with two values, primary chosen', async () => {
    const { page } = await openAppTab(browser)
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
    expect(await page.getByTestId('status').first().textContent()).toBe('Draft')
    expect(await page.locator('.chip.primary').textContent()).toBe('Be humble')
    expect(await page.locator('.chip').count()).toBe(2)
    expect(await page.locator('.markdown blockquote').textContent()).toContain('Thank you for being human.')
  })

  it('shows a clear message for bad input, keeps what was typed, and asks before leaving', async () => {
    const { page } = await openAppTab(browser)
    // No browser dialog: the app asks in its own.
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.getByRole('link', { name: 'New story' }).click()
    await page.locator('input[name=title]').fill('   ')
    await page.locator('input[name=author]').fill('Ola')
    await page.locator('textarea[name=body]').fill('Text that must not be lost.')
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByText('Give the story a title.').first().waitFor()
    await page.getByText('Tag the story with at least one core value.').first().waitFor()
    expect(await page.locator('textarea[name=body]').inputValue()).toBe('Text that must not be lost.')
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    // "Keep editing" when asked about unsaved changes.
    const leaving = page.locator('dialog[open]', { hasText: 'Leave with unsaved changes?' })
    await leaving.getByRole('button', { name: 'Keep editing' }).click()
    await leaving.waitFor({ state: 'hidden' })
    expect(dialogs).toEqual([])
    expect(page.url()).toContain('#/stories/new')
    expect(await page.locator('textarea[name=body]').inputValue()).toBe('Text that must not be lost.')
  })

  it('finds a story in the list by value and status filters', async () => {
    const { page } = await openAppTab(browser)
    await addStory(page, 'Boots for a funeral, returned with flowers')
    await addStory(page, 'Approved and humble', 'approved')
    await page.reload()
    await page.getByTestId('story-row').first().waitFor()
    await page.getByTestId('filter-value').selectOption({ label: 'Be humble' })
    await page.getByTestId('filter-status').selectOption('draft')
    await page.getByTestId('story-count').filter({ hasText: '1 story matches the filters' }).waitFor()
    expect(await page.getByTestId('story-row').allTextContents()).toEqual([expect.stringContaining('Boots for a funeral')])
    await page.getByTestId('filter-value').selectOption({ label: 'Be passionate and determined' })
    await page.getByText('No story matches these filters.').waitFor()
    await page.getByRole('button', { name: 'Clear filters' }).first().click()
    await page
      .getByTestId('story-count')
      .filter({ hasText: /^\s*2 stories\s*$/ })
      .waitFor()
    await screenshot(page, 'story-list')
  })

  it('edits a draft and submits it for review', async () => {
    const { page } = await openAppTab(browser)
    await addStory(page, 'Boots for a funeral, returned with flowers')
    await page.reload()
    await page.getByRole('link', { name: 'Boots for a funeral, returned with flowers' }).click()
    await editShownStory(page)
    await page.locator('input[name=title]').fill('Winter boots, a funeral, and flowers')
    await page.getByRole('button', { name: 'Submit for review' }).click()
    await page.getByTestId('story-title').filter({ hasText: 'Winter boots, a funeral, and flowers' }).waitFor()
    expect(await page.getByTestId('status').first().textContent()).toBe('Submitted')
    await page.getByTestId('review-count').filter({ hasText: '1' }).waitFor()
  })

  it('approves a submitted story from the review queue', async () => {
    const { page } = await openAppTab(browser)
    await addStory(page, 'Winter boots, a funeral, and flowers', 'submitted')
    await page.reload()
    await page.getByRole('link', { name: /Review queue/ }).click()
    const row = page.getByTestId('story-row').filter({ hasText: 'Winter boots' })
    await row.getByRole('button', { name: 'Approve' }).click()
    await page.getByText('Nothing waits for review').waitFor()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').filter({ hasText: 'Winter boots' }).filter({ hasText: 'Approved' }).waitFor()
  })

  it('moves a story to the trash and restores it', async () => {
    const { page } = await openAppTab(browser)
    page.on('dialog', (dialog) => void dialog.accept())
    await addStory(page, 'Winter boots, a funeral, and flowers', 'approved')
    await page.reload()
    await page.getByRole('link', { name: 'Winter boots, a funeral, and flowers' }).click()
    await page.getByRole('button', { name: 'Move to trash' }).click()
    await page.getByText('No stories yet').waitFor()
    await page.getByRole('link', { name: /Trash/ }).click()
    const row = page.getByTestId('story-row').filter({ hasText: 'Winter boots' })
    await row.getByRole('button', { name: 'Restore' }).click()
    await page.getByText('The trash is empty.').waitFor()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').filter({ hasText: 'Winter boots' }).filter({ hasText: 'Approved' }).waitFor()
  })

  it('keeps everything after a reload and after restarting browser mode', async () => {
    const { app, page, dir } = await openAppTab(browser)
    await addStory(page, 'Winter boots, a funeral, and flowers', 'approved')
    await page.reload()
    await page.getByRole('link', { name: 'Stories', exact: true }).click()
    await page.getByTestId('story-row').filter({ hasText: 'Winter boots' }).filter({ hasText: 'Approved' }).waitFor()

    await app.stop()
    const again = await startWebApp(['--library', `${dir}/library.sqlite`])
    try {
      await page.goto(again.url)
      const row = page.getByTestId('story-row').filter({ hasText: 'Winter boots' })
      await row.waitFor()
      expect(await row.getByTestId('status').textContent()).toBe('Approved')
    } finally {
      await again.stop()
    }
  })

  it('shows HTML and script in a story as harmless text', async () => {
    const { page, pageErrors } = await openAppTab(browser)
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    const body = [
      'Before <img src=x onerror=alert(1)> after.',
      '',
      '<script>alert(2)</script>',
      '',
      '[click me](javascript:alert(3)) and [safe](https://example.com)',
    ].join('\n')
    const values = await callApi(page, 'values.list', {})
    const created = await callApi(page, 'stories.create', {
      fields: {
        title: '<b>Bold</b> attempt',
        body,
        author: 'Mallory',
        happenedOn: '2025-01-02',
        valueIds: [values[0].id],
        primaryValueId: values[0].id,
      },
    })
    await page.reload()
    await page.getByRole('link', { name: created.title }).click()
    const markdown = page.getByTestId('markdown')
    await markdown.waitFor()
    expect(await markdown.textContent()).toContain('<img src=x onerror=alert(1)>')
    expect(await markdown.textContent()).toContain('<script>alert(2)</script>')
    expect(await page.getByTestId('story-title').textContent()).toBe('<b>Bold</b> attempt')
    expect(await markdown.locator('img, script').count()).toBe(0)
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0)
    expect(await markdown.getByRole('link', { name: 'safe' }).getAttribute('href')).toBe('https://example.com')
    const before = page.url()
    await markdown.getByText('click me').click()
    // An alert would hold the page; that it answers, still on the story, shows the click ran nothing.
    expect(await page.evaluate(() => location.href)).toBe(before)
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('refuses API calls without the token or from a foreign origin', async () => {
    const { app } = await openAppTab(browser)
    const base = app.url.split('?')[0]
    const post = (headers: Record<string, string>) =>
      fetch(`${base}api/values.list`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })
    expect((await post({})).status).toBe(401)
    expect((await post({ 'x-culture-token': app.token, origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ 'x-culture-token': app.token })).status).toBe(200)
  })
})
