import type Database from 'better-sqlite3'
import { CultureError } from '../errors'
import { localDate } from '../format-date'
import type { ScenarioStep } from '../training/scenario'
import type { TrainingLanguage } from '../training/training-types'
import type { ValueRepository } from '../values/value-repository'
import type {
  AgeBucket,
  InsightsSummary,
  QuietValue,
  RecurringMiss,
  ReviewQueueAge,
  TeamCount,
  ValueTrainingScore,
  ValueYearCount,
  YearRange,
} from './insights-types'

/** Without a range asked for: the last ten years at most, ending this year, so a value silent this year shows. */
const DEFAULT_SPAN = 10
/** The most years one summary covers: a chart of more says nothing at a glance. */
export const MAX_SPAN = 30
/** The review queue's age in days, bucketed as a lead thinks of it: this week, next week, this month, longer. */
const AGE_BUCKETS: [number, number | null][] = [
  [0, 2],
  [3, 7],
  [8, 14],
  [15, 30],
  [31, null],
]
/** A question shows as a recurring miss once it was answered weakly or harmfully this often. */
const MISS_REPEATS = 2
const MISS_LIMIT = 10
/** Quality 0 (harmful) and 1 (weak) are misses; 2 (good) and 3 (best) are not. */
const MISS_QUALITY = 1

export interface InsightsInput {
  years?: YearRange
  language?: TrainingLanguage
}

/**
 * The insights page's numbers, each added up by SQLite (GROUP BY, window functions, json_each over the
 * training paths), so a library of any size is summed without loading its stories.
 */
export function insightsSummary(
  db: Database.Database,
  valueRepository: ValueRepository,
  input: InsightsInput = {},
  now: Date = new Date(),
): InsightsSummary {
  // One read transaction: every number is from the same moment, however the library changes meanwhile.
  return db.transaction(() => {
    const values = valueRepository.list(input.language).map((v) => ({ id: v.id, name: v.name, color: v.color }))
    const years = input.years ?? defaultYears(db, now)
    if (years.from > years.to) throw new CultureError('insights.yearsReversed', { from: String(years.from), to: String(years.to) })
    if (years.to - years.from + 1 > MAX_SPAN) throw new CultureError('insights.tooManyYears', { max: MAX_SPAN })
    const recentYears = { from: Math.max(years.from, years.to - 1), to: years.to }
    const perValueYear = valueYears(db, years)
    return {
      years,
      recentYears,
      values,
      libraryStories: (db.prepare('SELECT count(*) AS n FROM stories WHERE deleted_at IS NULL').get() as { n: number }).n,
      storiesInRange: perValueYear.reduce((sum, c) => sum + c.total, 0),
      perValueYear,
      quiet: quietValues(
        values.map((v) => v.id),
        perValueYear,
        recentYears,
      ),
      teams: teams(db, years),
      reviewQueue: reviewQueue(db, now),
      training: {
        trainees: (db.prepare('SELECT count(DISTINCT trainee_id) AS n FROM attempts').get() as { n: number }).n,
        attempts: (db.prepare('SELECT count(*) AS n FROM attempts').get() as { n: number }).n,
        values: trainingScores(db),
        misses: recurringMisses(db, input.language ?? 'en'),
      },
    }
  })()
}

function defaultYears(db: Database.Database, now: Date): YearRange {
  const to = Number(localDate(now).slice(0, 4))
  const first = (
    db.prepare('SELECT min(substr(happened_on, 1, 4)) AS y FROM stories WHERE deleted_at IS NULL').get() as { y: string | null }
  ).y
  return { from: Math.min(to, Math.max(first ? Number(first) : to, to - DEFAULT_SPAN + 1)), to }
}

/** Stories per main value and year: each story counted once, under the value its chapter is. */
function valueYears(db: Database.Database, years: YearRange): ValueYearCount[] {
  return db
    .prepare(
      `SELECT primary_value_id AS valueId, CAST(substr(happened_on, 1, 4) AS INTEGER) AS year,
              sum(status = 'approved') AS approved, count(*) AS total
         FROM stories
        WHERE deleted_at IS NULL AND happened_on >= ? AND happened_on < ?
        GROUP BY primary_value_id, year
        ORDER BY year, primary_value_id`,
    )
    .all(`${years.from}-01-01`, `${years.to + 1}-01-01`) as ValueYearCount[]
}

/** Values with no stories in the latest years, then those with fewer than half of the middle value's. */
export function quietValues(valueIds: string[], counts: ValueYearCount[], recent: YearRange): QuietValue[] {
  const recentOf = new Map(valueIds.map((id) => [id, 0]))
  for (const c of counts) {
    if (c.year >= recent.from && c.year <= recent.to && recentOf.has(c.valueId)) recentOf.set(c.valueId, recentOf.get(c.valueId)! + c.total)
  }
  const sorted = [...recentOf.values()].sort((a, b) => a - b)
  const middle = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.floor(sorted.length / 2)]) / 2 : 0
  const quiet: QuietValue[] = []
  for (const [valueId, recentCount] of recentOf) {
    if (recentCount === 0) quiet.push({ valueId, level: 'none', recent: 0 })
    else if (recentCount < middle / 2) quiet.push({ valueId, level: 'few', recent: recentCount })
  }
  return quiet.sort((a, b) => a.recent - b.recent)
}

function teams(db: Database.Database, years: YearRange): TeamCount[] {
  return db
    .prepare(
      `SELECT team, sum(status = 'approved') AS approved, count(*) AS total
         FROM stories
        WHERE deleted_at IS NULL AND happened_on >= ? AND happened_on < ?
        GROUP BY team
        ORDER BY total DESC, team COLLATE NOCASE`,
    )
    .all(`${years.from}-01-01`, `${years.to + 1}-01-01`) as TeamCount[]
}

/**
 * Waiting since the story last moved into the queue: the newest saved version that was not waiting
 * was set aside at that moment (a submit, a re-submit after archiving); without one it arrived waiting.
 * A reviewer's edit while it waits does not reset its age.
 */
const WAITING = `
  SELECT s.id, s.title,
         coalesce((SELECT max(r.saved_at) FROM story_revisions r
                    WHERE r.story_id = s.id AND json_extract(r.snapshot, '$.status') IS NOT 'submitted'), s.created_at) AS since
    FROM stories s
   WHERE s.status = 'submitted' AND s.deleted_at IS NULL`

function reviewQueue(db: Database.Database, now: Date): ReviewQueueAge {
  const nowIso = now.toISOString()
  const byDays = db
    .prepare(`SELECT CAST(julianday(?) - julianday(since) AS INTEGER) AS days, count(*) AS n FROM (${WAITING}) GROUP BY days`)
    .all(nowIso) as { days: number; n: number }[]
  const buckets: AgeBucket[] = AGE_BUCKETS.map(([from, to]) => ({
    from,
    to,
    count: byDays.filter((d) => Math.max(0, d.days) >= from && (to === null || Math.max(0, d.days) <= to)).reduce((s, d) => s + d.n, 0),
  }))
  const oldest = db
    .prepare(
      `SELECT id, title, since, CAST(julianday(?) - julianday(since) AS INTEGER) AS days FROM (${WAITING}) ORDER BY since, id LIMIT 1`,
    )
    .get(nowIso) as ReviewQueueAge['oldest'] | undefined
  return {
    waiting: byDays.reduce((s, d) => s + d.n, 0),
    buckets,
    oldest: oldest ? { ...oldest, days: Math.max(0, oldest.days) } : null,
  }
}

/** Per value: the mean score of each trainee's first attempt at each scenario family tagged with it. */
function trainingScores(db: Database.Database): ValueTrainingScore[] {
  return db
    .prepare(
      `WITH firsts AS (
         SELECT a.trainee_id, s.value_ids, a.score,
                row_number() OVER (PARTITION BY a.trainee_id, coalesce(s.translation_of, s.id) ORDER BY a.finished_at, a.rowid) AS n
           FROM attempts a JOIN scenarios s ON s.id = a.scenario_id)
       SELECT v.value AS valueId, avg(f.score) AS score, count(*) AS firstAttempts, count(DISTINCT f.trainee_id) AS trainees
         FROM firsts f, json_each(f.value_ids) v
        WHERE f.n = 1
        GROUP BY v.value
        ORDER BY score`,
    )
    .all() as ValueTrainingScore[]
}

/**
 * Questions missed (a weak or harmful answer, by the quality the scenario gives it) by several
 * trainees or again and again, in scenario families that are still played. A family's translations
 * share its steps, so a question is its family and step id.
 */
function recurringMisses(db: Database.Database, language: TrainingLanguage): RecurringMiss[] {
  const rows = db
    .prepare(
      `WITH answered AS (
         SELECT a.trainee_id, coalesce(s.translation_of, s.id) AS family, json_extract(p.value, '$.step') AS step,
                (SELECT json_extract(c.value, '$.quality')
                   FROM json_each(s.steps) st, json_each(st.value, '$.choices') c
                  WHERE json_extract(st.value, '$.id') = json_extract(p.value, '$.step')
                    AND json_extract(c.value, '$.id') = json_extract(p.value, '$.choice')) AS quality
           FROM attempts a JOIN scenarios s ON s.id = a.scenario_id, json_each(a.path) p)
       SELECT family, step, count(*) AS answered, sum(quality <= @miss) AS misses,
              count(DISTINCT CASE WHEN quality <= @miss THEN trainee_id END) AS trainees
         FROM answered
        WHERE EXISTS (SELECT 1 FROM scenarios live WHERE coalesce(live.translation_of, live.id) = family AND live.deleted_at IS NULL)
        GROUP BY family, step
       HAVING misses >= @repeats
        ORDER BY trainees DESC, misses DESC, family, step
        LIMIT @limit`,
    )
    .all({ miss: MISS_QUALITY, repeats: MISS_REPEATS, limit: MISS_LIMIT }) as {
    family: string
    step: string
    answered: number
    misses: number
    trainees: number
  }[]
  const version = db.prepare(
    `SELECT id, title, steps FROM scenarios
      WHERE coalesce(translation_of, id) = ? AND deleted_at IS NULL
      ORDER BY language = ? DESC, id = ? DESC LIMIT 1`,
  )
  return rows.map((r) => {
    // The family's version in the window's language where it has one, else its original.
    const scenario = version.get(r.family, language, r.family) as { id: string; title: string; steps: string }
    const step = (JSON.parse(scenario.steps) as ScenarioStep[]).find((s) => s.id === r.step)
    return {
      scenarioId: scenario.id,
      scenarioTitle: scenario.title,
      stepId: r.step,
      question: step?.situation ?? '',
      misses: r.misses,
      trainees: r.trainees,
      answered: r.answered,
    }
  })
}
