/**
 * A Danish and a Swedish team, end to end: the language chosen in Settings, messages beside the
 * fields, dates in the language and in local time, a Danish edition printed and read back, and a
 * Swedish new hire training in Swedish.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobState } from '../../electron/core/jobs/job-state'
import { callApi, openAppTab, openBrowser, screenshot, type Browser } from './browser-mode'
import { PdfFile } from './pdf-file'

const ROOT = join(import.meta.dirname, '../..')
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'))
const core = { da: json('resources/locales/da.json'), sv: json('resources/locales/sv.json') }
const app = { da: json('resources/locales/ui/app.da.json').app, sv: json('resources/locales/ui/app.sv.json').app }
const storiesDa = json('resources/locales/ui/stories.da.json').stories
const book = { da: json('resources/locales/book.da.json').book }
const scenariosSv = json('resources/training/translations/sv.json') as Record<string, { title: string }>

/** Picks the language in Settings, as a person would, and waits for the sidebar to speak it. */
async function chooseLanguage(page: Page, language: 'da' | 'sv') {
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByTestId('language-select').selectOption(language)
  await page.getByRole('link', { name: app[language].nav.stories }).waitFor()
}

async function addStory(page: Page, title: string, happenedOn: string, status: 'draft' | 'approved' = 'draft') {
  const values = await callApi(page, 'values.list', {})
  const wow = values.find((v) => v.slug === 'deliver-wow')!.id
  const story = await callApi(page, 'stories.create', {
    fields: {
      title,
      body: 'Vi sendte **nye sko** med bud samme aften.',
      author: 'Maja Holm',
      team: 'Retur',
      happenedOn,
      valueIds: [wow],
      primaryValueId: wow,
    },
  })
  return status === 'draft' ? story : callApi(page, 'stories.setStatus', { id: story.id, status })
}

describe('Danish and Swedish, end to end', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('in Danish: the message for a missing title stands next to the field, in Danish', async () => {
    const { page } = await openAppTab(browser)
    await chooseLanguage(page, 'da')
    await page.evaluate(() => (location.hash = '#/stories/new'))
    const title = page.locator('input[name=title]')
    await title.waitFor()
    await page.locator('input[name=author]').fill('Maja Holm')
    await page.getByRole('button', { name: storiesDa.editor.saveDraft }).click()
    const field = page.locator('.invalid', { has: title })
    await field.locator('small.error').filter({ hasText: core.da.errors.story.titleMissing }).waitFor()
    // No field's name or a bare "not a valid id" reaches the person: an unchosen primary value says what to do.
    await page.getByText(core.da.errors.story.primaryValueMissing).waitFor()
    expect(await page.locator('main').textContent()).not.toContain(core.da.errors.input.invalidId)
    await screenshot(page, 'da-story-editor-refused')
    // The choice is kept: a new window starts in Danish.
    await page.reload()
    await page.getByRole('link', { name: app.da.nav.stories }).waitFor()
  })

  it('in Swedish: dates in the list are Swedish, and history shows local time', async () => {
    const { page } = await openAppTab(browser)
    // Stockholm is an hour ahead of UTC in November: a UTC time shown as local would be an hour early.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Stockholm' })
    const story = await addStory(page, 'Skorna som kom fram i tid', '2025-11-03')
    // An edit, so the history has a saved version to show.
    await callApi(page, 'stories.update', {
      id: story.id,
      fields: {
        title: 'Skorna som kom fram i tid igen',
        body: story.body,
        author: story.author,
        team: story.team,
        happenedOn: story.happenedOn,
        valueIds: story.valueIds,
        primaryValueId: story.primaryValueId,
      },
    })
    await chooseLanguage(page, 'sv')
    await page.getByRole('link', { name: app.sv.nav.stories }).click()
    const day = new Intl.DateTimeFormat('sv', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date('2025-11-03T00:00:00Z'),
    )
    await page.getByTestId('story-row').filter({ hasText: day }).waitFor()
    await screenshot(page, 'sv-story-list')

    const [revision] = await callApi(page, 'stories.history', { id: story.id })
    const local = new Intl.DateTimeFormat('sv', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' }).format(
      new Date(revision.savedAt),
    )
    const utc = new Intl.DateTimeFormat('sv', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(revision.savedAt))
    await page.evaluate((id) => (location.hash = `#/stories/${id}/history`), story.id)
    const history = page.locator('main')
    await history.filter({ hasText: local }).waitFor()
    expect(local).not.toBe(utc)
    expect(await history.textContent()).not.toContain(`${revision.savedAt.slice(0, 10)} ${utc}`)
  })

  it('prints a Danish edition: Danish contents, chapter labels and dates', async () => {
    const { page } = await openAppTab(browser)
    await addStory(page, 'Nye sko til brylluppet', '2025-06-14', 'approved')
    const edition = await callApi(page, 'editions.open', { year: 2025 })
    const {
      id: _id,
      year: _year,
      createdAt: _c,
      updatedAt: _u,
      ...fields
    } = edition as typeof edition & { createdAt: string; updatedAt: string }
    await callApi(page, 'editions.update', { year: 2025, fields: { ...fields, language: 'da' } })
    let job: JobState = await callApi(page, 'book.export', { year: 2025, format: 'pdf' })
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 200))
      job = await callApi(page, 'jobs.get', { id: job.id })
    }
    expect(job.state, job.error?.message).toBe('done')
    const pdf = new PdfFile((job.result as { path: string }).path)
    const text = Array.from({ length: pdf.pageCount }, (_, i) => pdf.text(i + 1)).join('\n')
    expect(text).toContain(book.da.contents)
    // The chapter label is set in spaced capitals and the byline in small capitals: compare the letters.
    const letters = text.replace(/\s+/g, '').toLowerCase()
    expect(letters).toContain(book.da.chapter.replace('{number}', '1').replace(/\s+/g, '').toLowerCase())
    expect(text.toLowerCase()).toContain('14. juni 2025')
    expect(text).toContain(book.da.contributors)
    expect(text).not.toMatch(/Contents|Contributors|Chapter/)
  })

  it('trains a Swedish new hire in Swedish', async () => {
    const { page } = await openAppTab(browser)
    await chooseLanguage(page, 'sv')
    await callApi(page, 'trainees.create', { name: 'Ebba Lind', team: 'Kundtjänst', startDate: '2026-01-05', language: 'sv' } as never)
    await page.getByRole('link', { name: app.sv.nav.training }).click()
    await page.getByTestId('mode-onboarding').click()
    const fact = page.getByTestId('fact-card')
    await Promise.race([page.getByTestId('choice').first().waitFor(), fact.waitFor()])
    if (await fact.isVisible()) await page.keyboard.press('Enter')
    await page.getByTestId('choice').first().waitFor()
    const shownTitle = (await page.locator('.scenario-head h2').textContent())!.trim()
    expect(Object.values(scenariosSv).map((s) => s.title)).toContain(shownTitle)
    await screenshot(page, 'sv-training-player')
  })
})
