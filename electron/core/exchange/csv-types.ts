/** The story fields a CSV column can feed. */
export const CSV_FIELDS = ['title', 'body', 'author', 'team', 'customerContext', 'happenedOn', 'values', 'primaryValue', 'status', 'language', 'isRecovery'] as const
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
  ok: number
  problems: CsvProblem[]
}
