import type { DOMWrapper, VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { localDate } from '../../electron/core/format-date'
import type { StoryStatus } from '../../electron/core/stories/story'
import { storyFields } from '../../electron/core/stories/story-input'
import { setLocale } from '../../src/i18n'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp } from './mount-app'

function story(core: CultureCore, slug: string, happenedOn: string, team: string, status: StoryStatus = 'approved'): void {
  const value = core.values.list().find((v) => v.slug === slug)!.id
  core.stories.create(
    storyFields.parse({
      title: `A ${slug} story`,
      body: 'What happened.',
      author: 'Astrid Lund',
      team,
      happenedOn,
      valueIds: [value],
      primaryValueId: value,
    }),
    status,
  )
}

/** Plays the trainee's next onboarding scenario with the worst answer at every step. */
function playBadly(core: CultureCore, traineeId: string): void {
  const start = core.training.start(traineeId, 'onboarding')
  if (start.sessionId === null) throw new Error(start.message)
  const scenario = core.training.scenarios.get(start.scenario.id)
  let stepId = scenario.start
  for (;;) {
    const step = scenario.steps.find((s) => s.id === stepId)!
    const worst = [...step.choices].sort((a, b) => a.quality - b.quality)[0]
    if (core.training.answer(start.sessionId, worst.id).ending) return
    stepId = worst.next!
  }
}

const section = (wrapper: VueWrapper, name: string) => wrapper.find(`[data-testid="insight-${name}"]`)
/** The numbers a chart writes on its bars or cells, in the order it draws them. */
const chartNumbers = (s: DOMWrapper<Element>) =>
  s
    .findAll('svg text')
    .map((t) => t.text().trim())
    .filter((t) => /^\d+$/.test(t))
const rows = (s: DOMWrapper<Element>) => s.findAll('tbody tr').map((r) => r.findAll('th, td').map((c) => c.text().trim()))

describe('the insights page', () => {
  it('opens from the sidebar and shows a friendly empty state, not empty charts, for an empty library', async () => {
    installCoreBridge()
    const { wrapper, router } = await mountApp('/stories')
    const link = wrapper.findAll('nav a').find((a) => a.text() === 'Insights')!
    expect(link.attributes('href')).toBe('/insights')
    await router.push('/insights')
    await eventually(() => expect(wrapper.find('[data-testid="insights-empty"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="insights-empty"] h2').text()).toBe('Nothing to add up yet')
    expect(wrapper.find('.insights-page svg').exists()).toBe(false)
    expect(wrapper.find('.insights-page table').exists()).toBe(false)
  })

  it('draws each chart as SVG beside a table holding the same numbers, with a takeaway from the data', async () => {
    const { core } = installCoreBridge()
    const thisYear = Number(localDate().slice(0, 4))
    const today = localDate()
    story(core, 'deliver-wow', today, 'Loyalty')
    story(core, 'deliver-wow', today, 'Loyalty', 'submitted')
    story(core, 'deliver-wow', `${thisYear - 1}-03-02`, 'Warehouse')
    story(core, 'humble', `${thisYear - 2}-07-07`, 'Warehouse')
    const trainees = ['Ann', 'Bo'].map((name) => core.training.createTrainee({ name, team: '', startDate: today }).id)
    for (const id of trainees) playBadly(core, id)

    const { wrapper } = await mountApp('/insights')
    await eventually(() => expect(section(wrapper, 'values').find('svg').exists()).toBe(true))

    // Stories per value and year: a row per value, a column per year, and the chart's cells say the same totals.
    const values = section(wrapper, 'values')
    expect(values.find('h2').text()).toBe('Stories per core value and year')
    expect(values.find('.takeaway').text()).toBe(`9 values had no stories in ${thisYear - 1}–${thisYear}: ${quietNames(core)}.`)
    expect(values.find('caption').text()).toContain(`${thisYear - 2}–${thisYear}`)
    expect(values.findAll('thead th').map((th) => [th.text(), th.attributes('scope')])).toEqual([
      ['Core value', 'col'],
      [String(thisYear - 2), 'col'],
      [String(thisYear - 1), 'col'],
      [String(thisYear), 'col'],
      [`In ${thisYear - 1}–${thisYear}`, 'col'],
    ])
    const valueTable = rows(values)
    expect(valueTable[0]).toEqual(['Deliver WOW through service', '0 (0)', '1 (1)', '2 (1)', '3'])
    expect(values.find('tbody th').attributes('scope')).toBe('row')
    const humble = valueTable.find((r) => r[0] === 'Be humble')!
    expect(humble).toEqual(['Be humble', '1 (1)', '0 (0)', '0 (0)', '0 quiet'])
    // The heat map's cells, row by row: the totals of the table's year columns.
    const yearLabels = [thisYear - 2, thisYear - 1, thisYear].map(String)
    expect(chartNumbers(values).filter((n) => !yearLabels.includes(n))).toEqual(
      valueTable.flatMap((r) => r.slice(1, 4).map((c) => c.split(' ')[0])),
    )
    expect(values.find('svg').element.closest('[aria-hidden="true"]')).not.toBeNull()
    // A long name is cut short with "…" in the chart, never clipped; the table holds it whole.
    const long = 'Build open and honest relationships with communication'
    const drawn = values.findAll('svg text').map((t) => t.text())
    expect(drawn.some((t) => t.endsWith('…') && long.startsWith(t.slice(0, -1)))).toBe(true)
    expect(valueTable.map((r) => r[0])).toContain(long)

    const teams = section(wrapper, 'teams')
    expect(teams.find('.takeaway').text()).toBe('Loyalty told the most stories: 2 of 4.')
    expect(rows(teams)).toEqual([
      ['Loyalty', '2', '1'],
      ['Warehouse', '2', '2'],
    ])
    expect(chartNumbers(teams)).toEqual(['2', '2'])

    const queue = section(wrapper, 'queue')
    expect(queue.find('.takeaway').text()).toContain('One story is waiting for review.')
    expect(rows(queue)[0]).toEqual(['0–2 days', '1'])
    expect(chartNumbers(queue)).toEqual(rows(queue).map((r) => r[1]))

    const training = section(wrapper, 'training')
    expect(training.find('svg').exists()).toBe(true)
    const trainingTable = rows(training)
    expect(trainingTable.length).toBeGreaterThan(0)
    for (const r of trainingTable) expect(r[2]).toBe('2')
    expect(training.find('.takeaway').text()).toMatch(/^Weakest on the first try: .+, \d+% across 2 trainees\.$/)

    const misses = section(wrapper, 'misses')
    expect(misses.find('svg').exists()).toBe(true)
    const missTable = rows(misses)
    expect(missTable.length).toBeGreaterThan(0)
    // Both trainees missed each of these questions once: two misses by two trainees.
    for (const r of missTable) expect(r.slice(2, 4)).toEqual(['2', '2'])
    expect(chartNumbers(misses)).toEqual(missTable.flatMap((r) => [r[2], r[3]]))

    // Every table names its region for the keyboard (it scrolls sideways when narrow).
    for (const region of wrapper.findAll('.table-scroll')) {
      expect(region.attributes('tabindex')).toBe('0')
      expect(wrapper.find(`#${region.attributes('aria-labelledby')}`).element.tagName).toBe('CAPTION')
    }
  })

  it('speaks the window’s language, numbers and names included', async () => {
    const { core } = installCoreBridge()
    story(core, 'deliver-wow', localDate(), 'Loyalty')
    setLocale('da')
    const { wrapper } = await mountApp('/insights')
    await eventually(() => expect(section(wrapper, 'values').find('h2').text()).toBe('Historier pr. kerneværdi og år'))
    expect(rows(section(wrapper, 'values'))[0][0]).toBe(core.values.list('da')[0].name)
  })
})

describe('the training home', () => {
  it('says why recovery matters, with the figures and their sources', async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/training')
    const panel = wrapper.find('[data-testid="why-recovery"]')
    expect(panel.find('h2').text()).toBe('Why recovery matters')
    const text = panel.text()
    expect(text).toContain('about 12 good ones')
    expect(text).toContain('about 26 others stay silent')
    expect(text).toContain('about 6–7 times as much')
    expect(panel.findAll('cite').map((c) => c.text())).toEqual([
      '“Forstå dine kunder” (Understand your customers) by Ruby Newell-Legner',
      'White House Office of Consumer Affairs',
      '“Betydningen af den gode kundeoplevelse”, which names no source for this figure',
    ])
  })
})

/** The values with no story in the last two years, in the library's order, as the takeaway lists them. */
function quietNames(core: CultureCore): string {
  const names = core.values
    .list()
    .filter((v) => v.slug !== 'deliver-wow')
    .map((v) => v.name)
  return new Intl.ListFormat('en', { type: 'conjunction' }).format(names)
}
