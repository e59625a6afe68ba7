import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { screenshot } from './browser-mode'
import { PdfFile } from './pdf-file'
import { acceptInvitation, invite, openPerson, signIn, startTeamServer, type PersonTab, type TeamServer } from './team-server'

/** Today as the editor's date field takes it: the year's stories happen in the real current year. */
const today = () => new Date().toISOString().slice(0, 10)

/** Writes a story in the editor as its author would: two values, the first primary; then saves it as a draft or submits it. */
async function writeStory(page: Page, story: { title: string; author: string; body: string }, then: 'draft' | 'submit') {
  await page.getByRole('link', { name: 'Stories', exact: true }).click()
  await page.getByRole('link', { name: 'New story' }).click()
  await page.locator('input[name=title]').fill(story.title)
  await page.locator('input[name=author]').fill(story.author)
  await page.locator('input[name=team]').fill('Customer care')
  await page.locator('input[name=happenedOn]').fill(today())
  await page.locator('[data-value=deliver-wow]').check()
  await page.locator('[data-value=humble]').check()
  await page.locator('[data-primary=humble]').check()
  await page.locator('textarea[name=body]').fill(story.body)
  await page.getByRole('button', { name: then === 'draft' ? 'Save draft' : 'Submit for review' }).click()
  await page.getByTestId('story-title').filter({ hasText: story.title }).waitFor()
  expect(await page.getByTestId('status').first().textContent()).toBe(then === 'draft' ? 'Draft' : 'Submitted')
}

/** The story list's rows as "title · status", in the page as it stands (no reload). */
async function rows(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Stories', exact: true }).click()
  await page.locator('[data-testid=story-row], .empty').first().waitFor()
  return page
    .getByTestId('story-row')
    .evaluateAll((els) =>
      els.map(
        (el) =>
          `${el.querySelector('.story-title')?.textContent?.trim()} · ${el.querySelector('[data-testid=status]')?.textContent?.trim()}`,
      ),
    )
}

/**
 * Searches from the sidebar's box, as a person types, until the titles found are `expected`. The
 * summary names the new text before its answer arrives, so the results are what is waited for; a
 * search expected to find nothing follows one that found something, so its empty list is the new answer.
 */
async function search(page: Page, text: string, expected: string[]): Promise<void> {
  await page.getByTestId('search-input').fill(text)
  await page.getByTestId('search-summary').filter({ hasText: text }).waitFor()
  await expect
    .poll(() => page.getByTestId('search-result').locator('.story-title').allTextContents(), { timeout: 10_000 })
    .toEqual(expected)
}

const ANN = { title: 'The parcel that came back by bike', author: 'Ann Berg', body: 'Ann cycled the parcel over after closing time.' }
const BEN = { title: 'A refund before she asked', author: 'Ben Holm', body: 'Ben saw the broken lamp in the photo and refunded it.' }
const BEN_DRAFT = {
  title: 'Half-written: the zeppelin order',
  author: 'Ben Holm',
  body: 'Notes on the zeppelin order, not ready for anyone to read.',
}
const CORA = { title: 'Staying on the line at midnight', author: 'Cora Lind', body: 'Cora stayed on the phone until the heating worked.' }
const CORA_LATER = { title: 'The spare key in December', author: 'Cora Lind', body: 'Cora drove the spare key out on a Sunday.' }

/**
 * The "Done when": a curator, two contributors and a trainee do their year on one team
 * server, each in a browser of their own, everything through the pages they use. No API shortcut:
 * a handful of stories needs no bulk seeding.
 */
describe('a team year on one server, end to end', () => {
  let server: TeamServer
  const browsers: PersonTab[] = []

  beforeAll(async () => {
    server = await startTeamServer()
  })

  afterAll(async () => {
    for (const person of browsers) await person.browser.close()
    await server?.stop()
  })

  it('a curator, two contributors and a trainee do their year on one server', async () => {
    // What each person's window showed when a step failed, to see why (in the temp folder, not the screenshots).
    onTestFailed(async () => {
      for (const [i, person] of browsers.entries()) await person.page.screenshot({ path: join(tmpdir(), `team-year-failed-${i}.png`) })
    })
    // The admin (the server's first account) makes herself the curator too, then invites the team with their roles.
    const cora = await openPerson(server)
    browsers.push(cora)
    await signIn(cora.page, server.admin.email, server.admin.password)
    await cora.page.getByTestId('nav-people').click()
    const coraRow = cora.page.getByTestId(`person-${server.admin.email}`)
    await coraRow.getByTestId('role-curator').check()
    await cora.page.getByText('Roles of cora.curator changed.').waitFor()
    const links = {
      ann: await invite(cora.page, 'ann@example.com', ['contributor']),
      ben: await invite(cora.page, 'ben@example.com', ['contributor']),
      tia: await invite(cora.page, 'tia@example.com', ['trainee']),
    }

    // Each takes up their link in their own browser.
    const ann = await acceptInvitation(server, links.ann, 'Ann Berg')
    const ben = await acceptInvitation(server, links.ben, 'Ben Holm')
    const tia = await acceptInvitation(server, links.tia, 'Tia Moe')
    browsers.push(ann, ben, tia)
    await cora.page.reload()
    for (const email of ['ann@example.com', 'ben@example.com', 'tia@example.com']) {
      await cora.page.getByTestId(`person-${email}`).waitFor()
    }
    await screenshot(cora.page, 'team-people-year')

    // The contributors write: Ann submits one story; Ben submits one and keeps one as a draft.
    await writeStory(ann.page, ANN, 'submit')
    await writeStory(ben.page, BEN, 'submit')
    await writeStory(ben.page, BEN_DRAFT, 'draft')

    // Ann sees her own story, never Ben's draft or his story still in review: not in the list, not in search.
    expect(await rows(ann.page)).toEqual([`${ANN.title} · Submitted`])
    // Ben finds his own draft first, so the index has it for Ann's search to leave out.
    await search(ben.page, 'zeppelin', [BEN_DRAFT.title])
    await search(ann.page, 'cycled', [ANN.title])
    await search(ann.page, 'zeppelin', [])
    await search(ann.page, 'cycled', [ANN.title])
    await search(ann.page, 'refunded', [])

    // Ann keeps her list open while the curator approves her story in the review queue.
    expect(await rows(ann.page)).toEqual([`${ANN.title} · Submitted`])
    await cora.page.getByRole('link', { name: /Review queue/ }).click()
    const queue = cora.page.getByTestId('story-row')
    await queue.filter({ hasText: BEN.title }).waitFor()
    expect(await queue.filter({ hasText: BEN_DRAFT.title }).count()).toBe(0)
    await queue.filter({ hasText: ANN.title }).getByTestId('approve-next').click()
    await queue.filter({ hasText: ANN.title }).waitFor({ state: 'detached' })
    // The change reaches Ann's open page over the change feed: no reload.
    await ann.page.getByTestId('story-row').filter({ hasText: ANN.title }).filter({ hasText: 'Approved' }).waitFor()
    await screenshot(ann.page, 'team-contributor')
    await queue.filter({ hasText: BEN.title }).getByTestId('approve-next').click()
    await cora.page.getByText('Nothing waits for review').waitFor()
    // Now Ben's approved story is Ann's reading too; his draft still is not.
    await ann.page.getByTestId('story-row').filter({ hasText: BEN.title }).waitFor()
    expect((await rows(ann.page)).sort()).toEqual([`${ANN.title} · Approved`, `${BEN.title} · Approved`].sort())

    // The curator writes a story of her own. As the only curator she may approve it herself.
    await writeStory(cora.page, CORA, 'submit')
    await cora.page.getByRole('link', { name: /Review queue/ }).click()
    await queue.filter({ hasText: CORA.title }).getByTestId('approve-next').click()
    await cora.page.getByText('Nothing waits for review').waitFor()

    // The year's book: the curator exports the PDF and downloads it; it holds the approved stories, no draft.
    await cora.page.getByRole('link', { name: 'Yearly book' }).click()
    await cora.page.getByTestId('book-year').selectOption(today().slice(0, 4))
    await cora.page.getByTestId('book-chapter').first().waitFor()
    await cora.page.getByTestId('export-pdf').click()
    const result = cora.page.getByTestId('export-result')
    await result.waitFor({ timeout: 90_000 })
    const [download] = await Promise.all([cora.page.waitForEvent('download'), result.getByRole('button', { name: 'Download' }).click()])
    const pdfPath = join(server.dir, 'downloaded.pdf')
    await download.saveAs(pdfPath)
    const pdf = new PdfFile(pdfPath)
    const text = pdf.allText().replace(/\s+/g, ' ')
    pdf.close()
    for (const story of [ANN, BEN, CORA]) expect(text).toContain(story.title)
    expect(text).not.toContain('zeppelin')

    // With a second curator, nobody approves their own story: the admin makes Ben a curator too.
    await cora.page.getByTestId('nav-people').click()
    await cora.page.getByTestId('person-ben@example.com').getByTestId('role-curator').check()
    await cora.page.getByText('Roles of Ben Holm changed.').waitFor()
    await writeStory(cora.page, CORA_LATER, 'submit')
    await cora.page.getByRole('link', { name: /Review queue/ }).click()
    await queue.filter({ hasText: CORA_LATER.title }).getByTestId('approve-next').click()
    await cora.page.getByText('You cannot approve your own story while another curator can review it.').waitFor()
    expect(await queue.filter({ hasText: CORA_LATER.title }).count()).toBe(1)
    // Ben approves it in his browser, and it leaves Cora's open queue without a reload.
    await ben.page.reload()
    await ben.page.getByRole('link', { name: /Review queue/ }).click()
    await ben.page.getByTestId('story-row').filter({ hasText: CORA_LATER.title }).getByTestId('approve-next').click()
    await cora.page.getByText('Nothing waits for review').waitFor()

    // The trainee reads the approved stories only.
    await tia.page.reload()
    expect((await rows(tia.page)).sort()).toEqual([ANN, BEN, CORA, CORA_LATER].map((s) => `${s.title} · Approved`).sort())
    await search(tia.page, 'cycled', [ANN.title])
    await search(tia.page, 'zeppelin', [])
    expect(await tia.page.getByTestId('nav-people').count()).toBe(0)

    // Last, her own training ("My training"): her record came with the role, with no trainee to pick.
    await tia.page.getByRole('link', { name: 'Training' }).click()
    await tia.page.getByTestId('my-training').waitFor()
    await tia.page.getByTestId('trainee-meta').filter({ hasText: 'Not trained yet' }).waitFor()
    await tia.page.getByTestId('mode-onboarding').click()
    await tia.page.locator('[data-testid=fact-card], [data-testid=scenario]').first().waitFor()
    if (await tia.page.getByTestId('fact-card').isVisible()) await tia.page.getByTestId('fact-card').getByRole('button').click()
    // Step by step until the scenario ends (an attempt counts once its ending is reached).
    const ending = tia.page.getByTestId('ending')
    for (let step = 0; step < 8 && !(await ending.isVisible()); step++) {
      if (step) await tia.page.getByTestId('continue').click()
      await tia.page.getByTestId('choice').first().click()
      await tia.page.getByTestId('feedback').waitFor()
    }
    await ending.waitFor()
    await screenshot(tia.page, 'team-trainee')
    await tia.page.getByRole('button', { name: 'Stop' }).click()
    await tia.page.getByTestId('trainee-meta').filter({ hasText: 'Last trained' }).waitFor()

    for (const person of browsers) expect(person.pageErrors).toEqual([])
  })
})
