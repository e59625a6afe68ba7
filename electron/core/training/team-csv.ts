import { neutralizeFormula } from '../exchange/csv-cell'
import type { CoreValue } from '../values/core-value'
import type { TraineeProgress } from './training-types'

function cell(value: string | number | null): string {
  const text = neutralizeFormula(value === null ? '' : String(value))
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The team lead's table as CSV: UTF-8 with a BOM, so spreadsheet programs read æ, ø and å right. */
export function teamCsv(rows: TraineeProgress[], values: CoreValue[]): string {
  const names = new Map(values.map((v) => [v.id, v.name]))
  const header = ['Trainee', 'Team', 'Start date', 'Onboarding done', 'Onboarding total', 'Onboarding score %', 'Scenarios done', 'Reviews due', 'Weakest value', 'Last activity', 'Certificate']
  const lines = rows.map((r) =>
    [
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
    ]
      .map(cell)
      .join(','),
  )
  return `\uFEFF${[header.map(cell).join(','), ...lines].join('\r\n')}\r\n`
}
