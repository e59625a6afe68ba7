import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import facts from '../../../resources/training/facts.json'
import { CultureError } from '../errors'
import { localDate } from '../format-date'
import type { ChangeFeed } from '../library/change-feed'
import type { ValueRepository } from '../values/value-repository'
import { OUTCOME_LABELS, type Scenario } from './scenario'
import type { ScenarioRepository } from './scenario-repository'
import { answer, scoreOf, startSession, stepView, valueMarks, type SessionState } from './session-engine'
import { parseCard, ratingFor, REVIEW_FORMAT, review } from './review-scheduler'
import { teamCsv } from './team-csv'
import {
  CERTIFICATE_THRESHOLD,
  type AnswerResult,
  type Fact,
  type SessionStart,
  type Trainee,
  type TraineeProgress,
  type TrainingMode,
} from './training-types'

/** A "did you know" card after every few finished scenarios: sparingly, as asked. */
const FACT_EVERY = 3

interface LiveSession {
  traineeId: string
  mode: TrainingMode
  state: SessionState
  retried: boolean
}

export class TrainingService {
  private sessions = new Map<string, LiveSession>()

  constructor(
    private db: Database.Database,
    private values: ValueRepository,
    readonly scenarios: ScenarioRepository,
    private changes: ChangeFeed,
    private now: () => Date = () => new Date(),
    private random: () => number = Math.random,
  ) {}

  // Trainees -------------------------------------------------------------------------------

  trainees(): Trainee[] {
    return (
      this.db.prepare('SELECT id, name, team, start_date FROM trainees ORDER BY name COLLATE NOCASE').all() as {
        id: string
        name: string
        team: string
        start_date: string
      }[]
    ).map((r) => ({ id: r.id, name: r.name, team: r.team, startDate: r.start_date }))
  }

  trainee(id: string): Trainee {
    const t = this.trainees().find((x) => x.id === id)
    if (!t) throw new CultureError('trainee.notFound')
    return t
  }

  createTrainee(fields: { name: string; team: string; startDate: string }): Trainee {
    const id = randomUUID()
    this.db
      .transaction(() => {
        this.db
          .prepare('INSERT INTO trainees (id, name, team, start_date, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, fields.name, fields.team, fields.startDate, this.now().toISOString())
      })
      .immediate()
    this.changes.publish('training')
    return this.trainee(id)
  }

  // What to play next -------------------------------------------------------------------------

  /** The fixed route: for each core value in order, its first scenario. */
  onboardingPath(): Scenario[] {
    const all = this.scenarios.list()
    return this.values
      .list()
      .map((v) => all.find((s) => s.valueIds[0] === v.id))
      .filter((s): s is Scenario => !!s)
  }

  private attemptedIds(traineeId: string): Set<string> {
    return new Set(
      (this.db.prepare('SELECT DISTINCT scenario_id FROM attempts WHERE trainee_id = ?').all(traineeId) as { scenario_id: string }[]).map(
        (r) => r.scenario_id,
      ),
    )
  }

  private dueIds(traineeId: string): string[] {
    return (
      this.db
        .prepare(
          'SELECT r.scenario_id FROM review_state r JOIN scenarios s ON s.id = r.scenario_id WHERE r.trainee_id = ? AND r.due <= ? AND s.deleted_at IS NULL ORDER BY r.due',
        )
        .all(traineeId, this.now().toISOString()) as { scenario_id: string }[]
    ).map((r) => r.scenario_id)
  }

  start(traineeId: string, mode: TrainingMode, valueId?: string): SessionStart {
    this.trainee(traineeId)
    let queue: Scenario[]
    if (mode === 'onboarding') {
      const done = this.attemptedIds(traineeId)
      queue = this.onboardingPath().filter((s) => !done.has(s.id))
      if (!queue.length) return { sessionId: null, message: 'The onboarding path is complete. Practice keeps what you learned fresh.' }
    } else if (mode === 'practice') {
      const due = this.dueIds(traineeId)
      queue = due.map((id) => this.scenarios.get(id))
      if (!queue.length)
        return { sessionId: null, message: 'Nothing is due for review right now. Try the onboarding path, or focus on a value.' }
    } else {
      if (!valueId) throw new CultureError('training.focusValueMissing')
      const done = this.attemptedIds(traineeId)
      const tagged = this.scenarios.list().filter((s) => s.valueIds.includes(valueId))
      // Ones not played yet first, then the rest.
      queue = [...tagged.filter((s) => !done.has(s.id)), ...tagged.filter((s) => done.has(s.id))]
      if (!queue.length) return { sessionId: null, message: 'There are no scenarios for this value yet.' }
    }
    return this.open(traineeId, mode, queue[0], false, queue.length - 1)
  }

  private open(traineeId: string, mode: TrainingMode, scenario: Scenario, retried: boolean, remaining: number): SessionStart {
    const sessionId = randomUUID()
    const state = startSession(scenario, this.random)
    this.sessions.set(sessionId, { traineeId, mode, state, retried })
    return {
      sessionId,
      scenario: { id: scenario.id, title: scenario.title, valueIds: scenario.valueIds },
      step: stepView(state),
      fact: retried ? null : this.factFor(traineeId),
      remaining,
    }
  }

  private factFor(traineeId: string): Fact | null {
    const { n } = this.db.prepare('SELECT count(*) AS n FROM attempts WHERE trainee_id = ?').get(traineeId) as { n: number }
    if (n === 0 || n % FACT_EVERY !== 0) return null
    const list = facts as Fact[]
    return list[(n / FACT_EVERY - 1) % list.length] ?? null
  }

  /** Plays the same scenario again, from the start; the next ending counts as needing a retry. */
  retry(sessionId: string): SessionStart {
    const live = this.session(sessionId)
    this.sessions.delete(sessionId)
    return this.open(live.traineeId, live.mode, this.scenarios.get(live.state.scenario.id), true, 0)
  }

  private session(id: string): LiveSession {
    const live = this.sessions.get(id)
    if (!live) throw new CultureError('training.sessionEnded')
    return live
  }

  answer(sessionId: string, choiceId: string): AnswerResult {
    const live = this.session(sessionId)
    const { state, choice } = answer(live.state, choiceId)
    live.state = state
    const feedback = {
      choiceId: choice.id,
      text: choice.text,
      feedback: choice.feedback,
      quality: choice.quality,
      serves: choice.serves,
      betrays: choice.betrays,
    }
    if (!state.outcome) return { feedback, next: stepView(state), ending: null }

    const score = scoreOf(state)
    this.record(live, score)
    const storyId = state.scenario.storyId
    const story = storyId
      ? ((this.db.prepare('SELECT id, title FROM stories WHERE id = ? AND deleted_at IS NULL').get(storyId) as
          { id: string; title: string } | undefined) ?? null)
      : null
    return { feedback, next: null, ending: { outcome: state.outcome, label: OUTCOME_LABELS[state.outcome], score, story } }
  }

  /** Stores the attempt and moves the scenario's review date, in one transaction. */
  private record(live: LiveSession, score: number): void {
    const { state } = live
    const now = this.now()
    const worst = Math.min(...state.path.map((p) => p.choice.quality))
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO attempts (id, trainee_id, scenario_id, scenario_title, mode, path, outcome, score, retried, value_marks, finished_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            randomUUID(),
            live.traineeId,
            state.scenario.id,
            state.scenario.title,
            live.mode,
            JSON.stringify(state.path.map((p) => ({ step: p.stepId, choice: p.choice.id }))),
            state.outcome,
            score,
            live.retried ? 1 : 0,
            JSON.stringify(valueMarks(state)),
            now.toISOString(),
          )
        const stored = this.db
          .prepare('SELECT card, format FROM review_state WHERE trainee_id = ? AND scenario_id = ?')
          .get(live.traineeId, state.scenario.id) as { card: string; format: number } | undefined
        const card = review(
          parseCard(stored?.card ?? null, stored?.format ?? null, now),
          ratingFor(state.outcome!, worst, live.retried),
          now,
        )
        this.db
          .prepare(
            `INSERT INTO review_state (trainee_id, scenario_id, card, due, format) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (trainee_id, scenario_id) DO UPDATE SET card = excluded.card, due = excluded.due, format = excluded.format`,
          )
          .run(live.traineeId, state.scenario.id, JSON.stringify(card), card.due.toISOString(), REVIEW_FORMAT)
      })
      .immediate()
    this.changes.publish('training')
  }

  // Progress ---------------------------------------------------------------------------------

  progress(traineeId: string): TraineeProgress {
    const trainee = this.trainee(traineeId)
    const attempts = this.db
      .prepare('SELECT scenario_id, score, finished_at FROM attempts WHERE trainee_id = ? ORDER BY finished_at')
      .all(traineeId) as { scenario_id: string; score: number; finished_at: string }[]
    // The latest attempt per scenario says where the trainee stands now.
    const latest = new Map<string, number>()
    for (const a of attempts) latest.set(a.scenario_id, a.score)
    const tags = new Map(
      (this.db.prepare('SELECT id, value_ids FROM scenarios').all() as { id: string; value_ids: string }[]).map((r) => [
        r.id,
        JSON.parse(r.value_ids) as string[],
      ]),
    )
    const values = this.values.list().map((v) => {
      const scores = [...latest].filter(([id]) => tags.get(id)?.includes(v.id)).map(([, s]) => s)
      return { valueId: v.id, score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null, attempts: scores.length }
    })
    const path = this.onboardingPath()
    const pathScores = path.map((s) => latest.get(s.id)).filter((s): s is number => s !== undefined)
    const pathScore = pathScores.length ? pathScores.reduce((a, b) => a + b, 0) / pathScores.length : null
    const scored = values.filter((v) => v.score !== null)
    const weakest = scored.length ? scored.reduce((a, b) => (b.score! < a.score! ? b : a)) : null
    return {
      trainee,
      values,
      scenariosDone: latest.size,
      attempts: attempts.length,
      dueNow: this.dueIds(traineeId).length,
      pathDone: pathScores.length,
      pathTotal: path.length,
      pathScore,
      certificate: path.length > 0 && pathScores.length === path.length && (pathScore ?? 0) >= CERTIFICATE_THRESHOLD,
      weakestValueId: weakest?.valueId ?? null,
      lastActivity: attempts.at(-1)?.finished_at ?? null,
    }
  }

  team(): TraineeProgress[] {
    return this.trainees().map((t) => this.progress(t.id))
  }

  /** The team table as a CSV download, named for the user's calendar day. */
  teamCsv(): { fileName: string; csv: string } {
    return { fileName: `training-progress-${localDate(this.now())}.csv`, csv: teamCsv(this.team(), this.values.list()) }
  }
}
