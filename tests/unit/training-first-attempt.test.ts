import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import type { AnswerResult, SessionStart, TrainingMode } from '../../electron/core/training/training-types'
import { CERTIFICATE_THRESHOLD } from '../../electron/core/training/training-types'
import { seededRandom } from '../bench/search-corpus'
import { tempCore } from './temp-library'

type Started = Extract<SessionStart, { sessionId: string }>

/** Plays a session to its ending through the core, taking the best or the worst answer at every step. */
function playTo(core: CultureCore, start: Started, best: boolean): AnswerResult {
  const scenario = core.training.scenarios.get(start.scenario.id)
  let stepId = scenario.start
  for (;;) {
    const step = scenario.steps.find((s) => s.id === stepId)!
    const pick = [...step.choices].sort((a, b) => (best ? b.quality - a.quality : a.quality - b.quality))[0]
    const result = core.training.answer(start.sessionId, pick.id)
    if (result.ending) return result
    stepId = pick.next!
  }
}

/**
 * Walks a mode as the player does: each scenario's first attempt is good or bad as `firstIsGood` says;
 * after anything short of a customer for life, "Try again" and play it well. Returns the model: the
 * first attempt's score per scenario, and the "left after this" each first attempt and retry showed.
 */
function walk(core: CultureCore, traineeId: string, mode: TrainingMode, firstIsGood: () => boolean, valueId?: string) {
  const firstScores: number[] = []
  const retries: { shown: number; atRetry: number }[] = []
  for (let i = 0; i < 40; i++) {
    const start = core.training.start(traineeId, mode, valueId)
    if (start.sessionId === null) break
    const first = playTo(core, start, firstIsGood())
    firstScores.push(first.ending!.score)
    if (first.ending!.outcome !== 'customer-for-life') {
      const again = core.training.retry(start.sessionId)
      if (again.sessionId === null) throw new Error('a retry always opens a session')
      retries.push({ shown: start.remaining, atRetry: again.remaining })
      expect(playTo(core, again, true).ending!.outcome).toBe('customer-for-life')
    }
  }
  return { firstScores, retries }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('the onboarding path counts first attempts; "Try again" is practice', () => {
  it('keeps a path played badly and then retried well below the certificate, and counts what is left right', () => {
    const core = tempCore()
    const trainee = core.training.createTrainee({ name: 'Nora Dahl', team: 'Returns', startDate: '2026-02-20' })
    const { firstScores, retries } = walk(core, trainee.id, 'onboarding', () => false)
    const progress = core.training.progress(trainee.id)
    expect(progress.pathDone).toBe(progress.pathTotal)
    expect(firstScores).toHaveLength(progress.pathTotal)
    expect(progress.pathScore).toBeCloseTo(mean(firstScores), 6)
    expect(progress.pathScore!).toBeLessThan(CERTIFICATE_THRESHOLD)
    expect(progress.certificate).toBe(false)
    // Every retry says the same "N left after this" as the scenario's first attempt did, never 0 by default.
    expect(retries).toHaveLength(progress.pathTotal)
    expect(retries.map((r) => r.atRetry)).toEqual(retries.map((r) => r.shown))
    expect(retries[0].atRetry).toBe(progress.pathTotal - 1)
  })

  it.each([1, 2, 3, 4, 5])('matches the model of first attempts for a random mix of good and bad (seed %i)', (seed) => {
    const core = tempCore()
    const trainee = core.training.createTrainee({ name: `Trainee ${seed}`, team: '', startDate: '2026-01-05' })
    const random = seededRandom(seed)
    const { firstScores, retries } = walk(core, trainee.id, 'onboarding', () => random() < 0.6)
    const progress = core.training.progress(trainee.id)
    const expected = mean(firstScores)
    expect(progress.pathScore).toBeCloseTo(expected, 6)
    expect(progress.certificate).toBe(expected >= CERTIFICATE_THRESHOLD)
    expect(retries.map((r) => r.atRetry)).toEqual(retries.map((r) => r.shown))
  })

  it('counts what is left in Focus after a retry, without the retried scenario', () => {
    const core = tempCore()
    const valueId = core.values.list()[0].id
    const trainee = core.training.createTrainee({ name: 'Mette', team: '', startDate: '2026-01-05' })
    const { retries } = walk(core, trainee.id, 'focus', () => false, valueId)
    expect(retries.length).toBeGreaterThan(0)
    expect(retries[0].atRetry).toBe(retries[0].shown)
  })
})
