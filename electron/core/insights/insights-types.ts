/** What the insights page shows a team lead: counts the library's tables add up, never its stories' texts. */

export interface YearRange {
  from: number
  to: number
}

export interface InsightValue {
  id: string
  name: string
  color: string
}

/** Stories that happened in one year under one main value (trashed ones left out). */
export interface ValueYearCount {
  valueId: string
  year: number
  approved: number
  /** Every status: drafts, waiting, approved and archived. */
  total: number
}

/**
 * A value that has gone quiet over the range's latest years: `none` told no story there at all,
 * `few` fewer than half of what the middle value told.
 */
export interface QuietValue {
  valueId: string
  level: 'none' | 'few'
  /** Its stories in the latest years. */
  recent: number
}

export interface TeamCount {
  /** '' for stories without a team. */
  team: string
  approved: number
  total: number
}

/** Stories waiting for review for `from`–`to` days (`to` null: and longer). */
export interface AgeBucket {
  from: number
  to: number | null
  count: number
}

export interface ReviewQueueAge {
  waiting: number
  buckets: AgeBucket[]
  /** The story waiting longest: since it was submitted (last moved into the queue). */
  oldest: { id: string; title: string; since: string; days: number } | null
}

/** How well trainees did the first time they met a value's scenarios: retries and later plays are practice. */
export interface ValueTrainingScore {
  valueId: string
  /** Mean first-attempt score, 0–1. */
  score: number
  firstAttempts: number
  trainees: number
}

/** A question (a scenario's step) answered weakly or harmfully by several trainees, or by one again and again. */
export interface RecurringMiss {
  scenarioId: string
  scenarioTitle: string
  stepId: string
  question: string
  misses: number
  trainees: number
  answered: number
}

export interface InsightsSummary {
  years: YearRange
  /** The years "gone quiet" is judged over: the range's last two (one when the range is one year). */
  recentYears: YearRange
  values: InsightValue[]
  /** Stories in the library at all (any year, any status, not in the trash): 0 shows the empty state. */
  libraryStories: number
  /** Stories in the range. */
  storiesInRange: number
  perValueYear: ValueYearCount[]
  quiet: QuietValue[]
  teams: TeamCount[]
  reviewQueue: ReviewQueueAge
  training: {
    trainees: number
    attempts: number
    values: ValueTrainingScore[]
    misses: RecurringMiss[]
  }
}
