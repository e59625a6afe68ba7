/**
 * The story fields a CSV column can feed; `id` (as the app's export writes it) updates that story, and
 * `revision` (the version the file was exported from) keeps an old file from undoing newer edits.
 */
export const CSV_FIELDS = ['id', 'revision', 'title', 'body', 'author', 'team', 'customerContext', 'happenedOn', 'values', 'primaryValue', 'status', 'language', 'isRecovery'] as const
export type CsvField = (typeof CSV_FIELDS)[number]

export interface CsvPreview {
  previewId: string
  headers: string[]
  /** The first rows, as text, for the mapping screen. */
  sample: string[][]
  rowCount: number
  /** Column index per field, guessed from the headers. */
  suggested: Partial<Record<CsvField, number>>
}

export interface CsvProblem {
  /** 1-based, counting the header as row 1, as a spreadsheet shows it. */
  row: number
  reason: string
}

export interface CsvCheck {
  /** Rows that will be written: new stories and changed ones. */
  ok: number
  /** Of `ok`, rows whose id names a story in the library, which they update. */
  updated: number
  /** Rows that equal the story with their id: left as they are. */
  unchanged: number
  problems: CsvProblem[]
}
