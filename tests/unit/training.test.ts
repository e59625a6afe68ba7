import { describe, expect, it } from 'vitest'
import { createEmptyCard, Rating } from 'ts-fsrs'
import type { CultureCore } from '../../electron/core/culture-core'
import { parseCard, ratingFor, review } from '../../electron/core/training/review-scheduler'
import type { Scenario, ScenarioFields } from '../../electron/core/training/scenario'
import { validateScenario } from '../../electron/core/training/scenario-validation'
import { answer, scoreOf, startSession } from '../../electron/core/training/session-engine'
import { teamCsv } from '../../electron/core/training/team-csv'
import { TrainingService } from '../../electron/core/training/training-service'
import { ScenarioRepository } from '../../electron/core/training/scenario-repository'
import { seededRandom } from '../bench/search-corpus'
import { tempCore, thrown } from './temp-library'

function graph(): ScenarioFields {
  const c = (id: string, quality: 0 | 1 | 2 | 3, lead: { next?: string; outcome?: 'customer-for-life' | 'satisfied' | 'lost' }) => ({
    id,
    text: `Choice ${id} ${quality}`,
    feedback: `Because ${id}.`,
    quality,
    serves: [],
    betrays: [],
    next: lead.next ?? null,
    outcome: lead.outcome ?? null,
  })
  return {
    title: 'Late parcel',
    language: 'en',
    valueIds: ['00000000-0000-4000-8000-000000000001'],
    start: 's1',
    storyId: null,
    steps: [
      {
        id: 's1',
        situation: 'A parcel is late.',
        customerSays: 'Where is it?',
        choices: [c('a', 3, { next: 's2' }), c('b', 1, { outcome: 'satisfied' }), c('c', 0, { outcome: 'lost' })],
      },
      {
        id: 's2',
        situation: 'She replies.',
        customerSays: 'Thank you.',
        choices: [c('a', 3, { outcome: 'customer-for-life' }), c('b', 2, { outcome: 'satisfied' }), c('c', 0, { outcome: 'lost' })],
      },
    ],
  }
}

describe('scenario validation', () => {
  it('accepts a sound branching scenario', () => {
    expect(validateScenario(graph())).toEqual([])
  })

  const broken: [string, (s: ScenarioFields) => void, RegExp][] = [
    ['a dangling step', (s) => (s.steps[0].choices[0].next = 's9'), /Step “s1”: .*leads to a step “s9” that does not exist/],
    [
      'two choices with the same text',
      (s) => (s.steps[1].choices[1].text = s.steps[1].choices[0].text),
      /Step “s2”: two choices have the same text/,
    ],
    ['an empty feedback', (s) => (s.steps[1].choices[2].feedback = '  '), /Step “s2”: .*has no feedback/],
    [
      'a choice going nowhere',
      (s) => (s.steps[0].choices[1].outcome = null),
      /Step “s1”: .*either to a next step or to an ending, not neither/,
    ],
    [
      'an unreachable step',
      (s) => (s.steps[0].choices[0] = { ...s.steps[0].choices[0], next: null, outcome: 'customer-for-life' }),
      /Step “s2”: cannot be reached/,
    ],
    ['a loop', (s) => (s.steps[1].choices[1] = { ...s.steps[1].choices[1], next: 's1', outcome: null }), /Step “s1”: is part of a loop/],
    [
      'no best path',
      (s) => s.steps[1].choices.forEach((c) => c.outcome === 'customer-for-life' && (c.quality = 1)),
      /Step “s1”: no path of good choices/,
    ],
    ['too few choices', (s) => s.steps[0].choices.splice(1), /Step “s1”: has 1 choice; give 3 to 5/],
  ]
  it.each(broken)('names the step at fault for %s', (_name, breakIt, message) => {
    const s = graph()
    breakIt(s)
    const issues = validateScenario(s)
    expect(issues.map((i) => i.message).join('\n')).toMatch(message)
  })

  it('never throws on generated bad graphs', () => {
    const random = seededRandom(5)
    const ids = ['s1', 's2', 's3', 'nope', '']
    for (let n = 0; n < 300; n++) {
      const s = graph()
      for (const step of s.steps) {
        for (const c of step.choices) {
          const r = random()
          if (r < 0.3) c.next = ids[Math.floor(random() * ids.length)] || null
          if (r > 0.7) c.outcome = null
          if (random() < 0.1) c.feedback = ''
          if (random() < 0.1) c.quality = 0
        }
      }
      if (random() < 0.2) s.start = 'missing'
      expect(() => validateScenario(s)).not.toThrow()
    }
  })
})

describe('the starter pack', () => {
  it('ships at least 24 valid scenarios: two per value, six with several steps, some in Danish', () => {
    const core = tempCore()
    const scenarios = core.training.scenarios.list()
    expect(scenarios.length).toBeGreaterThanOrEqual(24)
    for (const s of scenarios) expect(validateScenario(s), s.slug).toEqual([])
    for (const v of core.values.list()) expect(scenarios.filter((s) => s.valueIds[0] === v.id).length, v.name).toBeGreaterThanOrEqual(2)
    expect(scenarios.filter((s) => s.steps.length >= 2).length).toBeGreaterThanOrEqual(6)
    expect(scenarios.some((s) => s.language === 'da')).toBe(true)
    expect(core.training.onboardingPath().map((s) => s.valueIds[0])).toEqual(core.values.list().map((v) => v.id))
  })
})

function scenarioOf(fields: ScenarioFields): Scenario {
  return { ...fields, id: 'x', slug: 'x', attemptCount: 0, createdAt: '', updatedAt: '' }
}

describe('the session state machine and scoring', () => {
  it('walks from step to step to an ending, and scores it', () => {
    let state = startSession(scenarioOf(graph()), seededRandom(1))
    expect(state.stepId).toBe('s1')
    ;({ state } = answer(state, 'a'))
    expect(state.stepId).toBe('s2')
    expect(state.outcome).toBeNull()
    ;({ state } = answer(state, 'a'))
    expect(state.outcome).toBe('customer-for-life')
    expect(scoreOf(state)).toBe(1)
    expect(() => answer(state, 'a')).toThrow(/already ended/)
    const lost = answer(startSession(scenarioOf(graph())), 'c').state
    expect(lost.outcome).toBe('lost')
    expect(scoreOf(lost)).toBe(0)
    expect(() => answer(startSession(scenarioOf(graph())), 'zz')).toThrow(/not one of/)
  })

  it('shuffles the choices', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => startSession(scenarioOf(graph()), seededRandom(i)).order.s1.join('')))
    expect(orders.size).toBeGreaterThan(1)
  })
})

describe('scheduling with ts-fsrs', () => {
  it('brings a missed scenario back before one answered well', () => {
    const now = new Date('2026-03-01T09:00:00Z')
    const missed = review(createEmptyCard(now), ratingFor('lost', 0, false), now)
    const nailed = review(createEmptyCard(now), ratingFor('customer-for-life', 3, false), now)
    expect(missed.due.getTime()).toBeLessThan(nailed.due.getTime())
    expect(ratingFor('customer-for-life', 3, true)).toBe(Rating.Good)
    expect(ratingFor('satisfied', 2, false)).toBe(Rating.Hard)
  })

  it('survives a clock that went backwards and a state from a newer version', () => {
    const now = new Date('2026-03-01T09:00:00Z')
    const card = review(createEmptyCard(now), Rating.Good, now)
    const earlier = new Date('2020-01-01T00:00:00Z')
    const again = review(card, Rating.Good, earlier)
    expect(again.due.getTime()).toBeGreaterThanOrEqual(now.getTime())
    expect(parseCard(JSON.stringify(card), 99, now).reps).toBe(0)
    expect(parseCard('{not json', 1, now).reps).toBe(0)
    expect(parseCard(JSON.stringify(card), 1, now).reps).toBe(1)
  })
})

function fixedClock(core: CultureCore, start: string) {
  let now = new Date(start)
  const service = new TrainingService(
    core.db,
    core.values,
    new ScenarioRepository(core.db, core.values, core.changes),
    core.changes,
    () => now,
    seededRandom(3),
  )
  return { service, advance: (days: number) => (now = new Date(now.getTime() + days * 86_400_000)) }
}

/** Plays a whole scenario choosing the best (or worst) answer at every step. */
function play(service: TrainingService, sessionId: string, best: boolean) {
  const scenarioId = (service as unknown as { sessions: Map<string, { state: { scenario: Scenario } }> }).sessions.get(sessionId)!.state
    .scenario
  let stepId = scenarioId.start
  for (;;) {
    const step = scenarioId.steps.find((s) => s.id === stepId)!
    const pick = [...step.choices].sort((a, b) => (best ? b.quality - a.quality : a.quality - b.quality))[0]
    const result = service.answer(sessionId, pick.id)
    if (result.ending) return result
    stepId = pick.next!
  }
}

describe('training progress', () => {
  it('completes the onboarding path, finds the missed one due in practice, and grants the certificate at 80%', () => {
    const core = tempCore()
    const { service, advance } = fixedClock(core, '2026-03-01T09:00:00Z')
    const trainee = service.createTrainee({ name: 'Nora Dahl', team: 'Returns', startDate: '2026-02-20' })
    let first = true
    for (;;) {
      const start = service.start(trainee.id, 'onboarding')
      if (start.sessionId === null) break
      const ending = play(service, start.sessionId, !first)
      if (first) expect(ending.ending!.outcome).not.toBe('customer-for-life')
      first = false
    }
    const progress = service.progress(trainee.id)
    expect(progress.pathDone).toBe(progress.pathTotal)
    expect(progress.scenariosDone).toBe(progress.pathTotal)
    expect(progress.values.every((v) => v.score !== null)).toBe(true)
    // The weakest value is one the badly answered scenario trains.
    expect(core.training.onboardingPath()[0].valueIds).toContain(progress.weakestValueId)
    expect(progress.certificate).toBe((progress.pathScore ?? 0) >= 0.8)

    // A day later the badly answered scenario is due; the well answered ones are not.
    advance(1)
    const due = service.start(trainee.id, 'practice')
    expect(due.sessionId).not.toBeNull()
    if (due.sessionId) expect(due.scenario.id).toBe(core.training.onboardingPath()[0].id)
  })

  it('keeps attempts when a played scenario is deleted, after asking', () => {
    const core = tempCore()
    const trainee = core.training.createTrainee({ name: 'Ola', team: '', startDate: '2026-01-01' })
    const start = core.training.start(trainee.id, 'onboarding')
    if (start.sessionId === null) throw new Error('no scenario')
    play(core.training, start.sessionId, true)
    const err = thrown<Error>(() => core.training.scenarios.delete(start.scenario.id, false))
    expect(err).toMatchObject({ kind: 'in_use', code: 'scenario.inUse', params: { count: 1 } })
    expect(err.message).toMatch(/has been played once\. Delete it anyway\?/)
    core.training.scenarios.delete(start.scenario.id, true)
    expect(core.training.scenarios.list().some((s) => s.id === start.scenario.id)).toBe(false)
    expect(core.training.progress(trainee.id).attempts).toBe(1)
  })

  it('exports the team table as CSV that spreadsheets cannot run', () => {
    const core = tempCore()
    core.training.createTrainee({ name: '=HYPERLINK("http://evil")', team: 'Lager, Århus', startDate: '2026-01-01' })
    const csv = teamCsv(core.training.team(), core.values.list())
    expect(csv.startsWith('\uFEFFTrainee,Team,')).toBe(true)
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(csv).toContain('"Lager, Århus"')
  })
})

describe('the certificate page', () => {
  it('carries a strict policy and shows a hostile name as text', async () => {
    const { JSDOM } = await import('jsdom')
    const { certificateHtml } = await import('../../electron/core/training/certificate')
    const hostile = '</style><script>alert(1)</script><img src=x onerror=alert(2)>'
    type Progress = Parameters<typeof certificateHtml>[0]
    const progress = { trainee: { name: hostile, team: hostile }, pathScore: 1, values: [] } as unknown as Progress
    const html = certificateHtml(progress, { company: hostile, date: '2026-11-29' })
    const { document } = new JSDOM(html).window
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''
    expect(policy).toMatch(/default-src 'none'/)
    expect(policy).not.toMatch(/script-src/)
    expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0)
    expect(document.querySelector('.name')?.textContent).toBe(hostile)
  })
})
