import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkView as check, seriousViolations } from './axe-views'
import { callApi, openAppTab, openBrowser, type Browser } from './browser-mode'

/** Goes to a route as a link would (the app's router), and waits for what shows it is there. */
async function go(page: Page, path: string, ready: string) {
  await page.evaluate(async (p) => {
    const app = (
      document.querySelector('#app') as unknown as {
        __vue_app__: { config: { globalProperties: { $router: { push(p: string): Promise<unknown> } } } }
      }
    ).__vue_app__
    await app.config.globalProperties.$router.push(p)
  }, path)
  await page.locator(ready).first().waitFor()
}

/** A CSV file whose headers the importer maps, with a row wide enough to scroll its preview sideways. */
function csvFixture(dir: string): string {
  const file = join(dir, 'stories.csv')
  const long = 'A customer called about a parcel that had gone missing over the holidays, and we stayed on the line. '.repeat(3)
  writeFileSync(file, `Title,Story,Author,Team,Date,Values\nParcel found,${long},Maja Holm,Returns,2025-12-01,humble\n`)
  return file
}

describe('accessibility: every view in light and dark, with axe and at 800 px', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('finds no serious or critical axe violation and no sideways scrolling in any view or state', async () => {
    const tab = await openAppTab(browser, { demo: true })
    const { page } = tab
    page.on('dialog', (d) => void d.accept())
    const found: Record<string, string[]> = {}
    await page.locator('.story-title').first().waitFor()

    const stories = await callApi(page, 'stories.list', { limit: 5 })
    const story = stories.items[0]
    // Something in the review queue and in the trash.
    await callApi(page, 'stories.setStatus', { id: stories.items[1].id, status: 'submitted' })
    await callApi(page, 'stories.trash', { id: stories.items[2].id })

    await check(tab, 'stories', found)
    // The command palette over the list: its recent items and actions, then stories for what is typed.
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').waitFor()
    await check(tab, 'palette', found)
    await page.keyboard.type('parcel')
    await page.locator('.palette-option').nth(1).waitFor()
    await check(tab, 'palette-typed', found)
    await page.keyboard.press('Escape')
    await page.getByTestId('palette-input').waitFor({ state: 'detached' })
    await go(page, `/stories/${story.id}`, '[data-testid=story-title]')
    await check(tab, 'reader', found)
    await go(page, `/stories/${story.id}/edit`, 'textarea[name=body]')
    await check(tab, 'editor', found)
    await go(page, `/stories/${story.id}/history`, 'h1')
    await check(tab, 'history', found)
    await go(page, '/search?q=customer', '[data-testid=search-result]')
    await check(tab, 'search', found)
    await go(page, '/review', '.story-row')
    await check(tab, 'review', found)
    await go(page, '/book', '[data-testid=book-year]')
    const approved = await callApi(page, 'stories.list', { status: 'approved', limit: 1 })
    await page.getByTestId('book-year').selectOption(approved.items[0].happenedOn.slice(0, 4))
    await page.locator('.book-chapter').first().waitFor()
    await check(tab, 'book', found)
    await go(page, '/values', '.value-card')
    await check(tab, 'values', found)
    await go(page, '/trash', '.story-row')
    await check(tab, 'trash', found)
    await go(page, '/settings', '[data-testid=theme-select]')
    await check(tab, 'settings', found)

    // Training: the first trainee's form, the home with modes and progress, a question, its feedback.
    await go(page, '/training', 'input[name=trainee-name]')
    await check(tab, 'training-new', found)
    await page.locator('input[name=trainee-name]').fill('Nora Dahl')
    await page.locator('input[name=trainee-team]').fill('Returns')
    await page.locator('form.new-trainee button.primary').click()
    await page.getByTestId('mode-onboarding').waitFor()
    await check(tab, 'training-home', found)
    await page.getByTestId('mode-onboarding').click()
    const fact = page.getByTestId('fact-card')
    await page.locator('[data-testid=fact-card], [data-testid=scenario]').first().waitFor()
    if (await fact.isVisible()) {
      await check(tab, 'training-fact', found)
      await fact.getByRole('button').click()
    }
    await page.getByTestId('choice').first().waitFor()
    await check(tab, 'training-question', found)
    await page.getByTestId('choice').first().click()
    await page.getByTestId('feedback').waitFor()
    await check(tab, 'training-feedback', found)
    await go(page, '/training/team', 'h1')
    await check(tab, 'training-team', found)
    await go(page, '/training/scenarios', 'h1')
    await check(tab, 'scenarios', found)
    await go(page, '/training/scenarios/new', 'h1')
    await check(tab, 'scenario-editor', found)

    // The library, a CSV's column mapping, and a pack's preview with a value this library lacks.
    await go(page, '/library', '[data-testid=export-pack]')
    await check(tab, 'library', found)
    await page.getByTestId('csv-file').setInputFiles(csvFixture(tab.dir))
    await page.locator('.mapping').waitFor()
    await check(tab, 'csv-mapping', found)

    const other = await openAppTab(browser)
    await other.page.getByText('No stories yet').waitFor()
    const value = await callApi(other.page, 'values.create', {
      name: 'Leave it better',
      description: 'Tidy up after yourself.',
      color: '#fab005',
    })
    await callApi(other.page, 'stories.create', {
      fields: {
        title: 'The campsite rule',
        body: 'We left the shop floor tidier than we found it.',
        author: 'Ole Berg',
        team: 'Store',
        happenedOn: '2025-10-01',
        valueIds: [value.id],
        primaryValueId: value.id,
      },
    })
    await other.page.getByRole('link', { name: 'Library' }).click()
    await other.page.getByTestId('export-pack').click()
    await other.page.getByTestId('pack-result').waitFor()
    const packs = readdirSync(join(other.dir, 'exports')).filter((f) => f.endsWith('.culturepack'))
    await page.bringToFront()
    await page.getByTestId('pack-file').setInputFiles(join(other.dir, 'exports', packs[0]))
    await page.getByTestId('pack-preview').waitFor()
    await check(tab, 'pack-preview', found)

    // Pages that other parts of the app add: checked once they exist.
    await go(page, '/insights', 'h1')
    if ((await page.locator('main h1').textContent()) !== 'Nothing here') await check(tab, 'insights', found)
    await go(page, '/no-such-page', 'h1')
    await check(tab, 'not-found', found)

    expect(tab.pageErrors).toEqual([])
    expect(found).toEqual({})
  })

  it('keeps a chosen dark theme over a light system, across a reload, before the first paint', async () => {
    const tab = await openAppTab(browser)
    const { page } = tab
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByTestId('theme-select').selectOption('dark')
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    expect(await background()).toBe('rgb(26, 24, 22)')
    expect(await seriousViolations(page)).toEqual([])

    // The app opened again in this browser: main.ts shows the remembered choice before the core has answered.
    await page.goto(tab.app.url, { waitUntil: 'domcontentloaded' })
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByTestId('theme-select').waitFor()
    expect(await page.getByTestId('theme-select').inputValue()).toBe('dark')
    expect(await background()).toBe('rgb(26, 24, 22)')

    // Back to following the system, which follows it live.
    await page.getByTestId('theme-select').selectOption('system')
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    expect(await background()).toBe('rgb(26, 24, 22)')
  })
})
