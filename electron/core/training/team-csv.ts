import { spreadsheetCsv } from '../exchange/csv-cell'
import { translator, type Locale } from '../error-text'
import type { CoreValue } from '../values/core-value'
import type { TraineeProgress } from './training-types'

/** The columns' headings, as keys of the core catalogues' `teamCsv` section. */
const HEADER = [
  'teamCsv.trainee',
  'teamCsv.team',
  'teamCsv.startDate',
  'teamCsv.onboardingDone',
  'teamCsv.onboardingTotal',
  'teamCsv.onboardingScore',
  'teamCsv.scenariosDone',
  'teamCsv.reviewsDue',
  'teamCsv.weakestValue',
  'teamCsv.lastActivity',
  'teamCsv.certificate',
]

/** The download's name in `language`, for the user's calendar day. */
export function teamCsvFileName(date: string, language: Locale = 'en'): string {
  return translator(language)('teamCsv.fileName', { date })
}

/**
 * The team lead's table as CSV, written for spreadsheet programs like the story CSV; headings and
 * yes/no in `language` (the values' names should be listed in it too).
 */
export function teamCsv(rows: TraineeProgress[], values: CoreValue[], language: Locale = 'en'): string {
  const t = translator(language)
  const names = new Map(values.map((v) => [v.id, v.name]))
  return spreadsheetCsv([
    HEADER.map((key) => t(key)),
    ...rows.map((r) => [
      r.trainee.name,
      r.trainee.team,
      r.trainee.startDate,
      r.pathDone,
      r.pathTotal,
      r.pathScore === null ? null : Math.round(r.pathScore * 100),
      r.scenariosDone,
      r.dueNow,
      r.weakestValueId ? (names.get(r.weakestValueId) ?? '') : null,
      r.lastActivity,
      t(r.certificate ? 'teamCsv.yes' : 'teamCsv.no'),
    ]),
  ])
}
