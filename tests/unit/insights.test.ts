import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { localDate } from '../../electron/core/format-date'
import type { InsightsSummary } from '../../electron/core/insights/insights-types'
import type { StoryStatus } from '../../electron/core/stories/story'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, valueId } from './temp-library'

const DAY = 86_400_000

async function summary(core: CultureCore, input: unknown = {}): Promise<InsightsSummary> {
  const reply = await createDispatch(core)('insights.summary', input)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as InsightsSummary
}

function story(core: CultureCore, slug: string, happenedOn: string, team: string, status: StoryStatus = 'approved'): string {
  const value = valueId(core, slug)
  return core.stories.create(storyFields.parse(storyInput(core, { happenedOn, team, primaryValueId: value, valueIds: [value] })), status).id
}

/** Plays one session to its ending with the best or the worst answer at each step; returns each step's id and the answer's quality. */
function play(core: CultureCore, sessionId: string, scenarioId: string, best: boolean) {
  const scenario = core.training.scenarios.get(scenarioId)
  const path: { step: string; quality: number }[] = []
  let stepId = scenario.start
  for (;;) {
    const step = scenario.steps.find((s) => s.id === stepId)!
    const pick = [...step.choices].sort((a, b) => (best ? b.quality - a.quality : a.quality - b.quality))[0]
    path.push({ step: step.id, quality: pick.quality })
    const result = core.training.answer(sessionId, pick.id)
    if (result.ending) return { score: result.ending.score, path }
    stepId = pick.next!
  }
}

describe('insights.summary', () => {
  it('counts stories per main value and year, approved and all, within the last ten years by default, and flags values gone quiet', async () => {
    const core = tempCore()
    const thisYear = Number(localDate().slice(0, 4))
    const today = localDate()
    // Deliver WOW: told every year; Be humble: only three years ago; Do more with less: twelve years ago only.
    story(core, 'deliver-wow', today, 'Loyalty')
    story(core, 'deliver-wow', today, 'Loyalty', 'submitted')
    story(core, 'deliver-wow', `${thisYear - 1}-03-02`, 'Warehouse')
    story(core, 'deliver-wow', `${thisYear - 3}-05-01`, '', 'draft')
    story(core, 'humble', `${thisYear - 3}-07-07`, 'Warehouse')
    story(core, 'more-with-less', `${thisYear - 12}-01-10`, 'Warehouse')
    core.stories.trash(story(core, 'embrace-change', today, 'Loyalty'))

    const s = await summary(core)
    // From the first story's year, but no more than ten years back.
    expect(s.years).toEqual({ from: thisYear - 9, to: thisYear })
    expect(s.recentYears).toEqual({ from: thisYear - 1, to: thisYear })
    expect(s.libraryStories).toBe(6)
    expect(s.storiesInRange).toBe(5)
    const wow = valueId(core, 'deliver-wow')
    const humble = valueId(core, 'humble')
    expect(s.perValueYear).toEqual(
      expect.arrayContaining([
        { valueId: wow, year: thisYear, approved: 1, total: 2 },
        { valueId: wow, year: thisYear - 1, approved: 1, total: 1 },
        { valueId: wow, year: thisYear - 3, approved: 0, total: 1 },
        { valueId: humble, year: thisYear - 3, approved: 1, total: 1 },
      ]),
    )
    expect(s.perValueYear).toHaveLength(4)
    // Every value but Deliver WOW told nothing this year or last (the trashed story does not count).
    expect(s.quiet.filter((q) => q.level === 'none').map((q) => q.valueId)).toEqual(
      expect.arrayContaining(s.values.filter((v) => v.id !== wow).map((v) => v.id)),
    )
    expect(s.quiet).toHaveLength(s.values.length - 1)
    expect(s.teams).toEqual([
      { team: 'Loyalty', approved: 1, total: 2 },
      { team: 'Warehouse', approved: 2, total: 2 },
      { team: '', approved: 0, total: 1 },
    ])

    // A range asked for: twelve years ago holds the one story of Do more with less.
    const old = await summary(core, { years: { from: thisYear - 12, to: thisYear - 12 } })
    expect(old.perValueYear).toEqual([{ valueId: valueId(core, 'more-with-less'), year: thisYear - 12, approved: 1, total: 1 }])
    expect(old.recentYears).toEqual({ from: thisYear - 12, to: thisYear - 12 })
  })

  it('flags a value with fewer than half the middle value’s recent stories as few', async () => {
    const core = tempCore()
    const today = localDate()
    const slugs = core.values.list().map((v) => v.slug)
    // Every value four stories this year, except one with one.
    for (const slug of slugs) for (let i = 0; i < (slug === 'humble' ? 1 : 4); i++) story(core, slug, today, 'Team')
    const s = await summary(core)
    // Stories from this year only: the range is this year, and "recent" with it.
    expect(s.years).toEqual({ from: Number(today.slice(0, 4)), to: Number(today.slice(0, 4)) })
    expect(s.quiet).toEqual([{ valueId: valueId(core, 'humble'), level: 'few', recent: 1 }])
  })

  it('buckets the review queue by days waiting since each story was submitted, by the real clock', async () => {
    const core = tempCore()
    const today = localDate()
    // Stories that arrived waiting (created submitted) `days` ago, to within an hour.
    const ages = [0, 1, 5, 9, 20, 45]
    const ids = ages.map(() => story(core, 'deliver-wow', today, 'Loyalty', 'submitted'))
    const setCreated = core.db.prepare('UPDATE stories SET created_at = ?, updated_at = ? WHERE id = ?')
    ages.forEach((days, i) => {
      const at = new Date(Date.now() - days * DAY - 3_600_000).toISOString()
      setCreated.run(at, at, ids[i])
    })
    // Written 60 days ago as a draft and submitted just now: it has waited 0 days, not 60.
    const late = story(core, 'humble', today, 'Loyalty', 'draft')
    const longAgo = new Date(Date.now() - 60 * DAY).toISOString()
    setCreated.run(longAgo, longAgo, late)
    core.stories.update(late, storyFields.parse(storyInput(core, { title: 'Submitted today' })), { submit: true })
    // An approved story is not waiting, however old.
    setCreated.run(longAgo, longAgo, story(core, 'humble', today, 'Loyalty', 'approved'))

    const { reviewQueue } = await summary(core)
    expect(reviewQueue.waiting).toBe(7)
    expect(reviewQueue.buckets).toEqual([
      { from: 0, to: 2, count: 3 },
      { from: 3, to: 7, count: 1 },
      { from: 8, to: 14, count: 1 },
      { from: 15, to: 30, count: 1 },
      { from: 31, to: null, count: 1 },
    ])
    expect(reviewQueue.oldest).toMatchObject({ id: ids[5], days: 45 })
  })

  it('scores each value by trainees’ first attempts only, and lists the questions several trainees missed', async () => {
    const core = tempCore()
    const today = localDate()
    const [ann, bo, cy] = ['Ann', 'Bo', 'Cy'].map((name) => core.training.createTrainee({ name, team: '', startDate: today }).id)
    const firstScores: number[] = []
    const answers: { trainee: string; step: string; quality: number }[] = []
    let scenarioId = ''
    // Ann plays badly, then retries well (practice: it must not lift the value's score); Bo plays well; Cy badly.
    for (const [trainee, best, retry] of [
      [ann, false, true],
      [bo, true, false],
      [cy, false, false],
    ] as const) {
      const start = core.training.start(trainee, 'onboarding')
      if (start.sessionId === null) throw new Error(start.message)
      scenarioId = start.scenario.id
      const first = play(core, start.sessionId, scenarioId, best)
      firstScores.push(first.score)
      answers.push(...first.path.map((p) => ({ trainee, ...p })))
      if (retry) {
        const again = core.training.retry(start.sessionId)
        if (again.sessionId === null) throw new Error(again.message)
        answers.push(...play(core, again.sessionId, scenarioId, true).path.map((p) => ({ trainee, ...p })))
      }
    }
    const s = await summary(core)
    expect(s.training.trainees).toBe(3)
    expect(s.training.attempts).toBe(4)
    const mean = firstScores.reduce((a, b) => a + b, 0) / 3
    for (const id of core.training.scenarios.get(scenarioId).valueIds) {
      const row = s.training.values.find((v) => v.valueId === id)!
      expect(row.score).toBeCloseTo(mean, 6)
      expect(row).toMatchObject({ firstAttempts: 3, trainees: 3 })
    }

    // The model: each step's answers, misses (quality 0 or 1) and trainees who missed it; shown from two misses.
    const steps = new Map<string, { answered: number; misses: number; who: Set<string> }>()
    for (const a of answers) {
      const row = steps.get(a.step) ?? { answered: 0, misses: 0, who: new Set<string>() }
      row.answered++
      if (a.quality <= 1) {
        row.misses++
        row.who.add(a.trainee)
      }
      steps.set(a.step, row)
    }
    const expected = [...steps]
      .filter(([, r]) => r.misses >= 2)
      .map(([step, r]) => ({ stepId: step, misses: r.misses, trainees: r.who.size, answered: r.answered }))
    expect(expected.length).toBeGreaterThan(0)
    expect(s.training.misses.map(({ stepId, misses, trainees, answered }) => ({ stepId, misses, trainees, answered }))).toEqual(
      expect.arrayContaining(expected),
    )
    expect(s.training.misses).toHaveLength(expected.length)
    const scenario = core.training.scenarios.get(scenarioId)
    for (const m of s.training.misses) {
      expect(m).toMatchObject({ scenarioId, scenarioTitle: scenario.title })
      expect(m.question).toBe(scenario.steps.find((st) => st.id === m.stepId)!.situation)
    }
  })

  it('refuses a reversed range or one too long, with a message', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const reversed = await dispatch('insights.summary', { years: { from: 2026, to: 2020 } })
    expect(reversed).toMatchObject({
      ok: false,
      error: { code: 'insights.yearsReversed', message: 'The first year (2026) comes after the last year (2020).' },
    })
    const long = await dispatch('insights.summary', { years: { from: 1950, to: 2026 } })
    expect(long).toMatchObject({
      ok: false,
      error: { code: 'insights.tooManyYears', message: 'Insights cover at most 30 years at a time.' },
    })
    expect(await dispatch('insights.summary', { years: { from: 'x' } })).toMatchObject({ ok: false, error: { code: 'input.invalid' } })
  })

  it('answers an empty library with zeros, not errors', async () => {
    const s = await summary(tempCore())
    expect(s).toMatchObject({
      libraryStories: 0,
      storiesInRange: 0,
      perValueYear: [],
      teams: [],
      reviewQueue: { waiting: 0, oldest: null },
    })
    expect(s.training).toEqual({ trainees: 0, attempts: 0, values: [], misses: [] })
  })
})
