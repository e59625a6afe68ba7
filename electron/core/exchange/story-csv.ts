import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { isUtf8 } from 'node:buffer'
import { stringify } from 'csv-stringify/sync'
import { CultureError, problem, type Problem } from '../errors'
import { inputIssues } from '../input-issues'
import type { JobContext } from '../jobs/job-runner'
import { takeBackup, type BackupFile } from '../library/backups'
import { STORY_LANGUAGES, STORY_STATUSES, type Story, type StoryStatus } from '../stories/story'
import { STORY_FIELD_LIST, storyFields, uuid, type FieldKind, type StoryField, type StoryFields } from '../stories/story-fields'
import type { StoryRepository } from '../stories/story-repository'
import type { ValueRepository } from '../values/value-repository'
import { LINE_BREAK, neutralizeFormula, restoreFormula } from './csv-cell'
import { detectDelimiter } from './csv-delimiter'
import { writeCsvRows, type CsvRow, type CsvWriter } from './csv-write'
import { csvRecords } from './csv-records'
import { guessColumns } from './csv-header-guess'
import type { CsvCheck, CsvField, CsvPreview, CsvProblem } from './csv-types'
import { parseLooseDate } from './date-formats'
import { runAtOnce, runInSlices, type Steps } from './slices'
import { uploadBytes } from './upload-bytes'
import { ValueNames } from './value-names'

/** The story fields with a CSV column, in the export's column order. */
const COLUMNS = STORY_FIELD_LIST.filter((f) => f.csv)
/** The columns written and read the same way for every field of their kind; the rest are handled one by one. */
const PLAIN: Partial<Record<FieldKind, (cell: string) => unknown>> = {
  line: (cell) => cell,
  markdown: (cell) => cell,
  note: (cell) => cell || null,
  flag: (cell) => /^(yes|ja|true|1|x)$/i.test(cell),
}
/** The story itself is taken as written; every other cell is trimmed. */
const KEEPS_SPACES = new Set<string>(COLUMNS.filter((f) => f.kind === 'markdown').map((f) => f.key))

/** The row says exactly what the story already holds (value order aside). */
function sameStory(story: Story, fields: StoryFields, status: StoryStatus): boolean {
  const same = (f: StoryField) => {
    const [mine, theirs] = [story[f.name], fields[f.name as keyof StoryFields]]
    if (f.kind !== 'values') return mine === theirs
    const [a, b] = [mine as string[], theirs as string[]]
    return a.length === b.length && b.every((v) => a.includes(v))
  }
  return story.status === status && STORY_FIELD_LIST.filter((f) => f.input).every(same)
}

/** What a check found, in numbers and problems. */
const summary = ({ good, problems, unchanged }: { good: CsvRow[]; problems: CsvProblem[]; unchanged: number }): CsvCheck => ({
  ok: good.length,
  updated: good.filter((g) => g.base).length,
  unchanged,
  problems,
})

interface Parsed {
  headers: string[]
  rows: string[][]
}

export class StoryCsv {
  private previews = new Map<string, Parsed>()

  constructor(
    private db: Database.Database,
    libraryPath: string,
    private stories: StoryRepository,
    private values: ValueRepository,
    /** Where the checked rows are written: here, unless the shell gives a worker thread (csv-write-worker.ts). */
    private write: CsvWriter = async (good, startedBy) => writeCsvRows(db, stories, good, startedBy),
    /** The backup before the rows are written: in the shell's worker thread when it lends one. */
    private backup: () => Promise<BackupFile> = () => takeBackup(db, libraryPath, 'before-import'),
  ) {}

  /** Reads the file (base64, so its encoding can be checked here) and shows its first rows. */
  preview(base64: string): CsvPreview {
    return runAtOnce(this.previewSteps(base64))
  }

  /** The same, a slice at a time: a big file leaves the event loop free for other calls. */
  previewInSlices(base64: string): Promise<CsvPreview> {
    return runInSlices(this.previewSteps(base64))
  }

  private *previewSteps(base64: string): Steps<CsvPreview> {
    const bytes = yield* uploadBytes(base64)
    if (!isUtf8(bytes)) throw new CultureError('csv.notUtf8')
    let records: string[][]
    try {
      const options = { bom: true, relax_column_count: true, skip_empty_lines: true, delimiter: detectDelimiter(bytes) }
      records = yield* csvRecords(bytes, options)
    } catch (err) {
      throw new CultureError('csv.unreadable', { reason: (err as Error).message })
    }
    if (records.length < 2) throw new CultureError('csv.noRows')
    const [headers, ...rows] = records
    const suggested = guessColumns(headers)
    const previewId = randomUUID()
    this.previews.set(previewId, { headers, rows })
    return { previewId, headers, sample: rows.slice(0, 5), rowCount: rows.length, suggested }
  }

  private rowsOf(previewId: string): Parsed {
    const parsed = this.previews.get(previewId)
    if (!parsed) throw new CultureError('csv.previewExpired')
    return parsed
  }

  /**
   * Turns every row into story fields, or a problem with its row number and reason, pausing after
   * each row. A row whose id names a story in the library updates it (columns not chosen keep the
   * story's value), or is counted as unchanged when it equals the story; an id given twice is caught.
   */
  private *convert(
    previewId: string,
    mapping: Partial<Record<CsvField, number>>,
    defaultStatus: StoryStatus,
    checked?: (rows: number) => void,
  ): Steps<{ good: CsvRow[]; problems: CsvProblem[]; unchanged: number }> {
    const rows = this.rowsOf(previewId).rows
    this.requireColumns(previewId, mapping)
    const names = new ValueNames(this.values.list())
    const seen = new Map<string, number>()
    const good: CsvRow[] = []
    const problems: CsvProblem[] = []
    let unchanged = 0
    const convertRow = (cells: string[], i: number) => {
      const row = i + 2
      const mapped = (f: CsvField) => mapping[f] !== undefined
      // The body is kept as written (the editor does not trim it either), so it survives a round trip.
      const get = (f: CsvField) => {
        const cell = mapped(f) ? restoreFormula(cells[mapping[f]!] ?? '') : ''
        return KEEPS_SPACES.has(f) ? cell : cell.trim()
      }
      const idText = get('id').toLowerCase()
      let current: Story | null = null
      if (idText) {
        if (!uuid.safeParse(idText).success) {
          return problems.push({ row, ...problem('csv.notAnId', { id: idText.slice(0, 40) }) })
        }
        const earlier = seen.get(idText)
        if (earlier !== undefined) return problems.push({ row, ...problem('csv.idTwice', { earlier: String(earlier) }) })
        seen.set(idText, row)
        current = this.findStory(idText)
        if (current?.deletedAt) {
          return problems.push({ row, ...problem('csv.storyInTrash') })
        }
      }
      const date = parseLooseDate(get('happenedOn'))
      if (!date) return problems.push({ row, ...problem('csv.notADate', { text: get('happenedOn').slice(0, 30) }) })
      const { ids: valueIds, unknown } = names.all(get('values'))
      if (unknown.length) return problems.push({ row, ...problem('csv.unknownValues', { names: unknown.join(', ') }) })
      const primaryName = get('primaryValue')
      const primary = primaryName
        ? names.one(primaryName)
        : current && valueIds.includes(current.primaryValueId)
          ? current.primaryValueId
          : valueIds[0]
      if (!primary) return problems.push({ row, ...problem('csv.unknownPrimary', { name: primaryName }) })
      const statusText = get('status').toLowerCase()
      const status = (STORY_STATUSES as readonly string[]).includes(statusText)
        ? (statusText as StoryStatus)
        : (current?.status ?? defaultStatus)
      const language = get('language').toLowerCase()
      const input: Record<string, unknown> = {
        happenedOn: date,
        valueIds,
        primaryValueId: primary,
        language: (STORY_LANGUAGES as readonly string[]).includes(language) ? language : current?.language,
      }
      // A column the file does not have keeps what the story holds.
      for (const f of COLUMNS) {
        const read = PLAIN[f.kind]
        if (read) input[f.name] = mapped(f.key as CsvField) || !current ? read(get(f.key as CsvField)) : current[f.name]
      }
      const parsed = storyFields.safeParse(input)
      // The first problem, its field named by its label ("Title: Give the story a title.").
      if (!parsed.success)
        return problems.push({ row, ...problem('input.invalid', {}, inputIssues(parsed.error, input, 'stories.create').slice(0, 1)) })
      if (current && sameStory(current, parsed.data, status)) {
        unchanged++
        return
      }
      const stale = current && this.staleRow(current.id, get('revision').toLowerCase())
      if (stale) return problems.push({ row, ...stale })
      // A story new here keeps the revision it was exported at, so the two libraries agree on it.
      const revision = get('revision').toLowerCase()
      const carried = !current && idText && uuid.safeParse(revision).success ? revision : null
      good.push({ row, id: idText || null, base: current?.updatedAt ?? null, fields: parsed.data, status, revision: carried })
    }
    for (let i = 0; i < rows.length; i++) {
      convertRow(rows[i], i)
      checked?.(i + 1)
      yield
    }
    return { good, problems, unchanged }
  }

  /**
   * A row carrying the revision it was exported from may change its story only if the story is still
   * at that revision: a file exported before a newer edit never undoes it. Without the column (a
   * sheet from elsewhere, or the cell emptied on purpose), the row simply updates the story.
   */
  private staleRow(id: string, revision: string): Problem | null {
    if (!revision) return null
    if (!uuid.safeParse(revision).success) return problem('csv.notARevision', { revision: revision.slice(0, 40) })
    if (this.stories.lineage.current(id) === revision) return null
    return problem(this.stories.lineage.has(id, revision) ? 'csv.changedSinceExport' : 'csv.unknownRevision')
  }

  /** The story with this id, trashed or not, or null. */
  private findStory(id: string): Story | null {
    return this.db.prepare('SELECT 1 FROM stories WHERE id = ?').get(id) ? this.stories.get(id) : null
  }

  /** The preview exists and the columns a story cannot do without are chosen. */
  requireColumns(previewId: string, mapping: Partial<Record<CsvField, number>>): void {
    this.rowsOf(previewId)
    for (const required of COLUMNS.filter((f) => f.required).map((f) => f.key as CsvField)) {
      if (mapping[required] === undefined) throw new CultureError('csv.columnMissing', { column: required })
    }
  }

  check(previewId: string, mapping: Partial<Record<CsvField, number>>, defaultStatus: StoryStatus): CsvCheck {
    return summary(runAtOnce(this.convert(previewId, mapping, defaultStatus)))
  }

  /** The same, a slice at a time: a big file leaves the event loop free for other calls. */
  async checkInSlices(previewId: string, mapping: Partial<Record<CsvField, number>>, defaultStatus: StoryStatus): Promise<CsvCheck> {
    return summary(await runInSlices(this.convert(previewId, mapping, defaultStatus)))
  }

  /**
   * Checks the rows a slice at a time, reporting progress and stopping when cancelled (nothing is
   * written until every row is checked); then, after a backup, writes the new and changed rows in
   * one transaction. Rows with problems are left out and listed; a file whose rows all equal their
   * stories writes nothing and takes no backup.
   */
  async import(
    previewId: string,
    mapping: Partial<Record<CsvField, number>>,
    defaultStatus: StoryStatus,
    job: Partial<JobContext> = {},
  ): Promise<CsvCheck & { backup: string | null }> {
    const cancelled = () => {
      if (job.signal?.aborted) throw new CultureError('csv.importCancelled')
    }
    const total = this.rowsOf(previewId).rows.length
    let checked = 0
    cancelled()
    const { good, problems, unchanged } = await runInSlices(
      this.convert(previewId, mapping, defaultStatus, (rows) => (checked = rows)),
      () => {
        cancelled()
        job.progress?.('check', (0.8 * checked) / total)
      },
    )
    cancelled()
    if (good.length === 0 && unchanged === 0) throw new CultureError('csv.nothingToImport')
    if (good.length === 0) {
      this.previews.delete(previewId)
      return { ok: 0, updated: 0, unchanged, problems, backup: null }
    }
    job.progress?.('backup', 0.85)
    const backup = await this.backup()
    if (job.signal?.aborted) throw new CultureError('csv.importCancelled')
    job.progress?.('write', 0.9)
    const written = await this.write(good, job.startedBy ?? null)
    problems.push(...written.problems)
    this.previews.delete(previewId)
    this.stories.announce(written.ids)
    problems.sort((a, b) => a.row - b.row)
    return { ok: written.ids.length, updated: written.updated, unchanged, problems, backup: backup.name }
  }

  /**
   * Every live story as CSV: UTF-8 with a BOM, formulas neutralised, values by name, every field
   * with a line break quoted (one story, one row), and the id, so importing the file again updates.
   */
  export(): string {
    const names = new Map(this.values.list().map((v) => [v.id, v.name]))
    const rows = this.stories.list({ sort: 'oldest', trashed: false, offset: 0, limit: 1_000_000 }).items.map((s) => {
      const full = this.stories.get(s.id)
      const cell = (f: StoryField): string => {
        if (f.kind === 'values') return full.valueIds.map((v) => names.get(v) ?? '').join('; ')
        if (f.kind === 'primaryValue') return names.get(full.primaryValueId) ?? ''
        if (f.kind === 'flag') return full[f.name] ? 'yes' : 'no'
        return String(full[f.name] ?? '')
      }
      return [full.id, this.stories.lineage.current(full.id) ?? '', ...COLUMNS.map(cell)].map(neutralizeFormula)
    })
    return stringify([['id', 'revision', ...COLUMNS.map((f) => f.csv!.header)], ...rows], {
      bom: true,
      record_delimiter: 'windows',
      quoted_match: LINE_BREAK,
    })
  }
}
