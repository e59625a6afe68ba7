import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import facts from '../../../resources/training/facts.json'
import { CultureError } from '../errors'
import { localDate } from '../format-date'
import type { ChangeFeed } from '../library/change-feed'
import type { ValueRepository } from '../values/value-repository'
import type { Scenario } from './scenario'
import { familyOf, type ScenarioRepository } from './scenario-repository'
import { answer, scoreOf, startSession, stepView, valueMarks, type SessionState } from './session-engine'
import { parseCard, ratingFor, REVIEW_FORMAT, review } from './review-scheduler'
import type { Locale } from '../error-text'
import { teamCsv, teamCsvFileName } from './team-csv'
import { announceTraineeLinksOn, linkTraineeRecord } from './trainee-link'
import { TRAINING_TEXTS } from './training-texts'
import {
  CERTIFICATE_THRESHOLD,
  type AnswerResult,
  type Fact,
  type SessionStart,
  type Trainee,
  type TraineeProgress,
  type TrainingLanguage,
  type TrainingMode,
} from './training-types'

/** A scenario picked for a trainee: the family's version in their language, or another one, labelled. */
export interface ScenarioPick {
  scenario: Scenario
  family: string
  inTheirLanguage: boolean
}

/** facts.json: each "did you know" card in every training language. */
interface FactEntry {
  id: string
  text: Record<TrainingLanguage, string>
  source: string
}

/** A "did you know" card after every few finished scenarios: sparingly, as asked. */
const FACT_EVERY = 3

interface LiveSession {
  traineeId: string
  mode: TrainingMode
  /** The value a Focus session trains, so a retry can count what is left in the same queue. */
  valueId: string | undefined
  language: TrainingLanguage
  family: string
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
  ) {
    announceTraineeLinksOn(db, changes)
  }

  // Trainees -------------------------------------------------------------------------------

  /** Everyone training; a person with an account under the name they go by now, with their address. */
  trainees(): Trainee[] {
    return this.traineeRows('', [])
  }

  trainee(id: string): Trainee {
    const [t] = this.traineeRows('WHERE t.id = ?', [id])
    if (!t) throw new CultureError('trainee.notFound')
    return t
  }

  /**
   * The trainee record of the signed-in `userId` (see trainee-link.ts); null when they have none. A
   * trainee whose role came before records came with it gets theirs on first asking.
   */
  mine(userId: string): Trainee | null {
    const [own] = this.traineeRows('WHERE t.user_id = ?', [userId])
    if (own) return own
    const made = this.db.transaction(() => linkTraineeRecord(this.db, userId, this.now())).immediate()
    if (!made) return null
    return this.traineeRows('WHERE t.user_id = ?', [userId])[0]
  }

  private traineeRows(where: string, params: string[]): Trainee[] {
    const rows = this.db
      .prepare(
        `SELECT t.id, coalesce(u.display_name, t.name) AS name, t.team, t.start_date, t.language, u.email
         FROM trainees t LEFT JOIN users u ON u.id = t.user_id ${where} ORDER BY name COLLATE NOCASE`,
      )
      .all(...params) as { id: string; name: string; team: string; start_date: string; language: TrainingLanguage; email: string | null }[]
    return rows.map((r) => ({ id: r.id, name: r.name, team: r.team, startDate: r.start_date, language: r.language, email: r.email }))
  }

  createTrainee(fields: { name: string; team: string; startDate: string; language?: TrainingLanguage }): Trainee {
    const id = randomUUID()
    this.db
      .transaction(() => {
        this.db
          .prepare('INSERT INTO trainees (id, name, team, start_date, language, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, fields.name, fields.team, fields.startDate, fields.language ?? 'en', this.now().toISOString())
      })
      .immediate()
    this.changes.publish('training')
    return this.trainee(id)
  }

  /** The language a trainee's scenarios are picked in from now on; a scenario under way keeps its own. */
  setLanguage(id: string, language: TrainingLanguage): Trainee {
    this.db
      .transaction(() => {
        const { changes } = this.db.prepare('UPDATE trainees SET language = ? WHERE id = ?').run(language, id)
        if (!changes) throw new CultureError('trainee.notFound')
      })
      .immediate()
    this.changes.publish('training')
    return this.trainee(id)
  }

  // What to play next -------------------------------------------------------------------------

  /**
   * Every scenario family (an original and its translations), each as the version in `language`, or
   * when it has none, its original (another language, so labelled). In the library's order.
   */
  private picks(language: TrainingLanguage): ScenarioPick[] {
    const families = new Map<string, Scenario[]>()
    for (const s of this.scenarios.list()) {
      const family = familyOf(s)
      families.set(family, [...(families.get(family) ?? []), s])
    }
    return [...families].map(([family, members]) => {
      const own = members.find((s) => s.language === language)
      const scenario = own ?? members.find((s) => s.id === family) ?? members[0]
      return { scenario, family, inTheirLanguage: !!own }
    })
  }

  /**
   * The fixed route: for each core value in order, its first scenario in the trainee's language, or
   * its first scenario in another language when the value has none in theirs.
   */
  private path(language: TrainingLanguage): ScenarioPick[] {
    const all = this.picks(language)
    return this.values
      .list()
      .map((v) => {
        const led = all.filter((p) => p.scenario.valueIds[0] === v.id)
        return led.find((p) => p.inTheirLanguage) ?? led[0]
      })
      .filter((p): p is ScenarioPick => !!p)
  }

  onboardingPath(language: TrainingLanguage = 'en'): Scenario[] {
    return this.path(language).map((p) => p.scenario)
  }

  /** The families a trainee has played, in any of their languages. */
  private attemptedFamilies(traineeId: string): Set<string> {
    return new Set(
      (
        this.db
          .prepare(
            'SELECT DISTINCT coalesce(s.translation_of, s.id) AS family FROM attempts a JOIN scenarios s ON s.id = a.scenario_id WHERE a.trainee_id = ?',
          )
          .all(traineeId) as { family: string }[]
      ).map((r) => r.family),
    )
  }

  /** Families due for review (review dates are kept per family) that still have a scenario. */
  private dueFamilies(traineeId: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT r.scenario_id FROM review_state r WHERE r.trainee_id = ? AND r.due <= ?
             AND EXISTS (SELECT 1 FROM scenarios s WHERE coalesce(s.translation_of, s.id) = r.scenario_id AND s.deleted_at IS NULL)
           ORDER BY r.due`,
        )
        .all(traineeId, this.now().toISOString()) as { scenario_id: string }[]
    ).map((r) => r.scenario_id)
  }

  /** What a mode would play, in order: scenarios in the trainee's language, others only where a family has none. */
  queue(traineeId: string, mode: TrainingMode, valueId?: string): ScenarioPick[] {
    const { language } = this.trainee(traineeId)
    if (mode === 'onboarding') {
      const done = this.attemptedFamilies(traineeId)
      return this.path(language).filter((p) => !done.has(p.family))
    }
    if (mode === 'practice') {
      const byFamily = new Map(this.picks(language).map((p) => [p.family, p]))
      return this.dueFamilies(traineeId)
        .map((f) => byFamily.get(f))
        .filter((p): p is ScenarioPick => !!p)
    }
    if (!valueId) throw new CultureError('training.focusValueMissing')
    const done = this.attemptedFamilies(traineeId)
    const tagged = this.picks(language).filter((p) => p.scenario.valueIds.includes(valueId))
    // Ones not played yet first, then the rest; in their language before the others within each.
    const rank = (p: ScenarioPick) => (done.has(p.family) ? 2 : 0) + (p.inTheirLanguage ? 0 : 1)
    return tagged
      .map((p, i) => ({ p, i }))
      .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
      .map(({ p }) => p)
  }

  start(traineeId: string, mode: TrainingMode, valueId?: string): SessionStart {
    const queue = this.queue(traineeId, mode, valueId)
    if (!queue.length) {
      const texts = TRAINING_TEXTS[this.trainee(traineeId).language]
      return { sessionId: null, message: { onboarding: texts.pathComplete, practice: texts.nothingDue, focus: texts.noneForValue }[mode] }
    }
    return this.open(traineeId, mode, valueId, queue[0], false, queue.length - 1)
  }

  private open(
    traineeId: string,
    mode: TrainingMode,
    valueId: string | undefined,
    pick: ScenarioPick,
    retried: boolean,
    remaining: number,
  ): SessionStart {
    const { scenario, family } = pick
    const { language } = this.trainee(traineeId)
    const sessionId = randomUUID()
    const state = startSession(scenario, this.random)
    this.sessions.set(sessionId, { traineeId, mode, valueId, language, family, state, retried })
    return {
      sessionId,
      scenario: {
        id: scenario.id,
        title: scenario.title,
        valueIds: scenario.valueIds,
        language: scenario.language,
        languageLabel: scenario.language === language ? null : TRAINING_TEXTS[language].inLanguage[scenario.language],
      },
      step: stepView(state),
      fact: retried ? null : this.factFor(traineeId, language),
      remaining,
    }
  }

  private factFor(traineeId: string, language: TrainingLanguage): Fact | null {
    const { n } = this.db.prepare('SELECT count(*) AS n FROM attempts WHERE trainee_id = ?').get(traineeId) as { n: number }
    if (n === 0 || n % FACT_EVERY !== 0) return null
    const list = facts as FactEntry[]
    const fact = list[(n / FACT_EVERY - 1) % list.length]
    return fact ? { id: fact.id, text: fact.text[language], source: fact.source } : null
  }

  /**
   * Plays the same scenario again, from the start, as practice: the next ending counts as needing a
   * retry for the review dates, and never for the path score. What is left after it is the mode's
   * queue without this scenario, the same count its first attempt showed.
   */
  retry(sessionId: string): SessionStart {
    const live = this.session(sessionId)
    const scenario = this.scenarios.get(live.state.scenario.id)
    const remaining = this.queue(live.traineeId, live.mode, live.valueId).filter((p) => p.family !== live.family).length
    this.sessions.delete(sessionId)
    return this.open(
      live.traineeId,
      live.mode,
      live.valueId,
      { scenario, family: live.family, inTheirLanguage: scenario.language === live.language },
      true,
      remaining,
    )
  }

  /** Whose training a live session is (the permission table's check that trainees play only their own); null once ended. */
  sessionTrainee(id: string): string | null {
    return this.sessions.get(id)?.traineeId ?? null
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
    return {
      feedback,
      next: null,
      ending: { outcome: state.outcome, label: TRAINING_TEXTS[live.language].outcomes[state.outcome], score, story },
    }
  }

  /** Stores the attempt and moves the review date of the scenario's family, in one transaction. */
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
          .get(live.traineeId, live.family) as { card: string; format: number } | undefined
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
          .run(live.traineeId, live.family, JSON.stringify(card), card.due.toISOString(), REVIEW_FORMAT)
      })
      .immediate()
    this.changes.publish('training')
  }

  // Progress ---------------------------------------------------------------------------------

  progress(traineeId: string): TraineeProgress {
    const trainee = this.trainee(traineeId)
    const attempts = this.db
      .prepare(
        `SELECT coalesce(s.translation_of, s.id) AS family, s.value_ids, a.score, a.finished_at
         FROM attempts a JOIN scenarios s ON s.id = a.scenario_id WHERE a.trainee_id = ? ORDER BY a.finished_at, a.rowid`,
      )
      .all(traineeId) as { family: string; value_ids: string; score: number; finished_at: string }[]
    // The latest attempt per scenario family, in whichever language, says where the trainee stands now;
    // the first one is what the path counts: retries and later plays are practice.
    const latest = new Map<string, number>()
    const first = new Map<string, number>()
    const tags = new Map<string, string[]>()
    for (const a of attempts) {
      latest.set(a.family, a.score)
      if (!first.has(a.family)) first.set(a.family, a.score)
      tags.set(a.family, JSON.parse(a.value_ids))
    }
    const values = this.values.list().map((v) => {
      const scores = [...latest].filter(([id]) => tags.get(id)?.includes(v.id)).map(([, s]) => s)
      return { valueId: v.id, score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null, attempts: scores.length }
    })
    const path = this.path(trainee.language)
    const pathScores = path.map((p) => first.get(p.family)).filter((s): s is number => s !== undefined)
    const pathScore = pathScores.length ? pathScores.reduce((a, b) => a + b, 0) / pathScores.length : null
    const scored = values.filter((v) => v.score !== null)
    const weakest = scored.length ? scored.reduce((a, b) => (b.score! < a.score! ? b : a)) : null
    return {
      trainee,
      values,
      scenariosDone: latest.size,
      attempts: attempts.length,
      dueNow: this.dueFamilies(traineeId).length,
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

  /** The team table as a CSV download in the window's language, named for the user's calendar day. */
  teamCsv(language: Locale = 'en'): { fileName: string; csv: string } {
    const csv = teamCsv(this.team(), this.values.list(language), language)
    return { fileName: teamCsvFileName(localDate(this.now()), language), csv }
  }
}
