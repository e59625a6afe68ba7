import { STORY_FIELD_LIST, type CsvKey } from '../stories/story-fields'
import type { Problem } from '../errors'

/**
 * What a CSV column can feed, in the export's column order: `id` (as the app's export writes it)
 * updates that story, `revision` (the version the file was exported from) keeps an old file from
 * undoing newer edits, and then every story field with a CSV column in the field registry.
 */
export const CSV_FIELDS = ['id', 'revision', ...STORY_FIELD_LIST.filter((f) => f.csv).map((f) => f.key as CsvKey)] as const
export type CsvField = 'id' | 'revision' | CsvKey

export interface CsvPreview {
  previewId: string
  headers: string[]
  /** The first rows, as text, for the mapping screen. */
  sample: string[][]
  rowCount: number
  /** Column index per field, guessed from the headers. */
  suggested: Partial<Record<CsvField, number>>
}

export interface CsvProblem extends Problem {
  /** 1-based, counting the header as row 1, as a spreadsheet shows it. */
  row: number
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
