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
  ValueTrainingScore,
  ValueYearCount,
  YearRange,
} from './insights-types'

/** Without a range asked for: the last ten years at most, ending this year, so a value silent this year shows. */
const DEFAULT_SPAN = 10
/** The most years one summary covers: a chart of more says nothing at a glance. */
const MAX_SPAN = 30
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
    const groups = storyGroups(db)
    const years = input.years ?? defaultYears(groups, now)
    if (years.from > years.to) throw new CultureError('insights.yearsReversed', { from: String(years.from), to: String(years.to) })
    if (years.to - years.from + 1 > MAX_SPAN) throw new CultureError('insights.tooManyYears', { max: MAX_SPAN })
    const recentYears = { from: Math.max(years.from, years.to - 1), to: years.to }
    const inRange = groups.filter((g) => g.year >= years.from && g.year <= years.to)
    const perValueYear = sumBy(
      inRange,
      (g) => `${g.valueId} ${g.year}`,
      (g) => ({ valueId: g.valueId, year: g.year }),
    ).sort((a, b) => a.year - b.year || a.valueId.localeCompare(b.valueId))
    return {
      years,
      recentYears,
      values,
      libraryStories: groups.reduce((sum, g) => sum + g.total, 0),
      storiesInRange: inRange.reduce((sum, g) => sum + g.total, 0),
      perValueYear,
      quiet: quietValues(
        values.map((v) => v.id),
        perValueYear,
        recentYears,
      ),
      teams: sumBy(
        inRange,
        (g) => g.team,
        (g) => ({ team: g.team }),
      ).sort((a, b) => b.total - a.total || a.team.toLowerCase().localeCompare(b.team.toLowerCase())),
      reviewQueue: reviewQueue(db, now),
      training: {
        ...(db.prepare('SELECT count(DISTINCT trainee_id) AS trainees, count(*) AS attempts FROM attempts').get() as {
          trainees: number
          attempts: number
        }),
        values: trainingScores(db),
        misses: recurringMisses(db, input.language ?? 'en'),
      },
    }
  })()
}

/** Stories outside the trash counted per main value, year and team: a few thousand rows at most. */
interface StoryGroup {
  valueId: string
  year: number
  team: string
  approved: number
  total: number
}

/**
 * Every story is read once, in one pass: reading a story row means reading past its text, so each
 * further pass over 50,000 stories cost ~150 ms. The per-value, per-year and per-team counts are
 * sums of these groups.
 */
function storyGroups(db: Database.Database): StoryGroup[] {
  return db
    .prepare(
      `SELECT primary_value_id AS valueId, CAST(substr(happened_on, 1, 4) AS INTEGER) AS year, team,
              sum(status = 'approved') AS approved, count(*) AS total
         FROM stories
        WHERE deleted_at IS NULL
        GROUP BY primary_value_id, year, team`,
    )
    .all() as StoryGroup[]
}

/** The groups' counts summed by `key`, each sum with the fields `fields` takes from its first group. */
function sumBy<K extends object>(groups: StoryGroup[], key: (g: StoryGroup) => string, fields: (g: StoryGroup) => K) {
  const sums = new Map<string, K & { approved: number; total: number }>()
  for (const g of groups) {
    const sum = sums.get(key(g)) ?? { ...fields(g), approved: 0, total: 0 }
    sum.approved += g.approved
    sum.total += g.total
    sums.set(key(g), sum)
  }
  return [...sums.values()]
}

function defaultYears(groups: StoryGroup[], now: Date): YearRange {
  const to = Number(localDate(now).slice(0, 4))
  const first = groups.length ? Math.min(...groups.map((g) => g.year)) : to
  return { from: Math.min(to, Math.max(first, to - DEFAULT_SPAN + 1)), to }
}

/** Values with no stories in the latest years, then those with fewer than half of the middle value's. */
function quietValues(valueIds: string[], counts: ValueYearCount[], recent: YearRange): QuietValue[] {
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
  // One pass: per whole day waited, the count and (SQLite takes bare columns from min()'s row) the story waiting longest.
  const byDays = db
    .prepare(
      `SELECT CAST(julianday(?) - julianday(since) AS INTEGER) AS days, count(*) AS n, min(since) AS since, id, title
         FROM (${WAITING}) GROUP BY days ORDER BY days DESC`,
    )
    .all(now.toISOString()) as { days: number; n: number; since: string; id: string; title: string }[]
  // A clock set back shows a story submitted "in the future": it has waited 0 days.
  const waited = byDays.map((d) => ({ ...d, days: Math.max(0, d.days) }))
  const buckets: AgeBucket[] = AGE_BUCKETS.map(([from, to]) => ({
    from,
    to,
    count: waited.filter((d) => d.days >= from && (to === null || d.days <= to)).reduce((s, d) => s + d.n, 0),
  }))
  const oldest = waited[0]
  return {
    waiting: waited.reduce((s, d) => s + d.n, 0),
    buckets,
    oldest: oldest ? { id: oldest.id, title: oldest.title, since: oldest.since, days: oldest.days } : null,
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
