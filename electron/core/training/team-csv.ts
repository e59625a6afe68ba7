import { spreadsheetCsv } from '../exchange/csv-cell'
import type { CoreValue } from '../values/core-value'
import type { TraineeProgress } from './training-types'

const HEADER = [
  'Trainee',
  'Team',
  'Start date',
  'Onboarding done',
  'Onboarding total',
  'Onboarding score %',
  'Scenarios done',
  'Reviews due',
  'Weakest value',
  'Last activity',
  'Certificate',
]

/** The team lead's table as CSV, written for spreadsheet programs like the story CSV. */
export function teamCsv(rows: TraineeProgress[], values: CoreValue[]): string {
  const names = new Map(values.map((v) => [v.id, v.name]))
  return spreadsheetCsv([
    HEADER,
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
      r.certificate ? 'yes' : 'no',
    ]),
  ])
}
