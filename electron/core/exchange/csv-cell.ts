import { stringify } from 'csv-stringify/sync'

/**
 * A cell a spreadsheet would run as a formula starts with one of these. Leading apostrophes are
 * counted in, so a text that itself starts with `'=` gets one more and the import can always take
 * exactly one off: export and import are inverses.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/

/** Text a spreadsheet would run as a formula gets a leading apostrophe, so it stays text. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** Takes off the apostrophe `neutralizeFormula` added, and only that one. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell
}

/**
 * Line breaks a spreadsheet may end a row at. csv-stringify quotes only the record delimiter
 * (`\r\n`), so a lone `\r` or `\n` would otherwise start a new row with a live formula.
 */
export const LINE_BREAK = /[\r\n\u2028\u2029]/

/**
 * Rows as a CSV for spreadsheet programs: UTF-8 with a BOM (so æ, ø and å read right), CRLF line ends,
 * formulas neutralised, and every cell holding a line break quoted, so one record stays one row.
 */
export function spreadsheetCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(
    rows.map((cells) => cells.map((cell) => neutralizeFormula(cell === null ? '' : String(cell)))),
    { bom: true, record_delimiter: 'windows', quoted_match: LINE_BREAK },
  )
}
