import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { CultureError } from '../errors'
import { takeBackup } from '../library/backups'
import { STORY_LANGUAGES, STORY_STATUSES, type StoryStatus } from '../stories/story'
import { storyFields, type StoryFields } from '../stories/story-input'
import type { StoryRepository } from '../stories/story-repository'
import type { ValueRepository } from '../values/value-repository'
import { neutralizeFormula } from './csv-cell'
import type { CsvCheck, CsvField, CsvPreview, CsvProblem } from './csv-types'
import { parseLooseDate } from './date-formats'

/** Header words that suggest a field, in English, Danish and Swedish. */
const HEADER_HINTS: [CsvField, RegExp][] = [
  ['title', /\b(title|titel|rubrik|overskrift|headline)\b/i],
  ['primaryValue', /\b(primary|primær|primär)\b/i],
  ['customerContext', /\b(customer|kunde|kund|situation|context)\b/i],
  ['isRecovery', /\brecovery\b/i],
  ['body', /\b(story|body|text|tekst|historie|berättelse|beskrivelse|description)\b/i],
  ['author', /\b(author|name|navn|namn|forfatter|skribent|written by)\b/i],
  ['team', /\b(team|afdeling|avdelning|department)\b/i],
  ['happenedOn', /\b(date|dato|datum|when|happened)\b/i],
  ['values', /\b(values?|værdier|værdi|värden|värde)\b/i],
  ['status', /\bstatus\b/i],
  ['language', /\b(language|sprog|språk)\b/i],
]

interface Parsed {
  headers: string[]
  rows: string[][]
}

export class StoryCsv {
  private previews = new Map<string, Parsed>()

  constructor(
    private db: Database.Database,
    private libraryPath: string,
    private stories: StoryRepository,
    private values: ValueRepository,
  ) {}

  /** Reads the file (base64, so its encoding can be checked here) and shows its first rows. */
  preview(base64: string): CsvPreview {
    const bytes = Buffer.from(base64, 'base64')
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      throw new CultureError('invalid_input', 'The file is not UTF-8 text. In your spreadsheet program, save it as “CSV UTF-8” and try again.')
    }
    let records: string[][]
    try {
      records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, delimiter: text.split('\n')[0].includes(';') && !text.split('\n')[0].includes(',') ? ';' : ',' })
    } catch (err) {
      throw new CultureError('invalid_input', `The CSV could not be read: ${(err as Error).message}`)
    }
    if (records.length < 2) throw new CultureError('invalid_input', 'The file has no rows below its header.')
    const [headers, ...rows] = records
    const suggested: CsvPreview['suggested'] = {}
    headers.forEach((h, i) => {
      const hit = HEADER_HINTS.find(([field, re]) => re.test(h.trim()) && suggested[field] === undefined)
      if (hit) suggested[hit[0]] = i
    })
    const previewId = randomUUID()
    this.previews.set(previewId, { headers, rows })
    return { previewId, headers, sample: rows.slice(0, 5), rowCount: rows.length, suggested }
  }

  private rowsOf(previewId: string): Parsed {
    const parsed = this.previews.get(previewId)
    if (!parsed) throw new CultureError('not_found', 'That CSV preview has expired. Choose the file again.')
    return parsed
  }

  /** Turns every row into story fields, or a problem with its row number and reason. */
  private convert(previewId: string, mapping: Partial<Record<CsvField, number>>, defaultStatus: StoryStatus, range?: [number, number]) {
    const all = this.rowsOf(previewId).rows
    const offset = range?.[0] ?? 0
    const rows = range ? all.slice(range[0], range[1]) : all
    this.requireColumns(previewId, mapping)
    const values = this.values.list()
    const byName = new Map<string, string>()
    for (const v of values) {
      byName.set(v.name.toLowerCase(), v.id)
      byName.set(v.slug, v.id)
    }
    const good: { row: number; fields: StoryFields; status: StoryStatus }[] = []
    const problems: CsvProblem[] = []
    rows.forEach((cells, i) => {
      const row = offset + i + 2
      const get = (f: CsvField) => (mapping[f] === undefined ? '' : (cells[mapping[f]!] ?? '').trim())
      const date = parseLooseDate(get('happenedOn'))
      if (!date) return problems.push({ row, reason: `“${get('happenedOn').slice(0, 30)}” is not a date this import understands.` })
      const names = get('values').split(/[;|,\n]/).map((n) => n.trim()).filter(Boolean)
      const unknown = names.filter((n) => !byName.has(n.toLowerCase()))
      if (unknown.length) return problems.push({ row, reason: `Unknown core value: ${unknown.join(', ')}.` })
      const valueIds = [...new Set(names.map((n) => byName.get(n.toLowerCase())!))]
      const primaryName = get('primaryValue')
      const primary = primaryName ? byName.get(primaryName.toLowerCase()) : valueIds[0]
      const statusText = get('status').toLowerCase()
      const status = (STORY_STATUSES as readonly string[]).includes(statusText) ? (statusText as StoryStatus) : defaultStatus
      const language = get('language').toLowerCase()
      const parsed = storyFields.safeParse({
        title: get('title'),
        body: get('body'),
        author: get('author'),
        team: get('team'),
        customerContext: get('customerContext') || null,
        happenedOn: date,
        valueIds,
        primaryValueId: primary ?? '',
        isRecovery: /^(yes|ja|true|1|x)$/i.test(get('isRecovery')),
        language: (STORY_LANGUAGES as readonly string[]).includes(language) ? language : undefined,
      })
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return problems.push({ row, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` })
      }
      good.push({ row, fields: parsed.data, status })
    })
    return { good, problems }
  }

  /** The preview exists and the columns a story cannot do without are chosen. */
  requireColumns(previewId: string, mapping: Partial<Record<CsvField, number>>): void {
    this.rowsOf(previewId)
    for (const required of ['title', 'body', 'author', 'happenedOn', 'values'] as const) {
      if (mapping[required] === undefined) throw new CultureError('invalid_input', `Choose the column for “${required}”.`)
    }
  }

  check(previewId: string, mapping: Partial<Record<CsvField, number>>, defaultStatus: StoryStatus): CsvCheck {
    const { good, problems } = this.convert(previewId, mapping, defaultStatus)
    return { ok: good.length, problems }
  }

  /** All accepted rows in one transaction, after a backup; rows with problems are left out and listed. */
  /**
   * Checks the rows a slice at a time, reporting progress and stopping when cancelled (nothing is
   * written until every row is checked); then writes the good rows in one transaction.
   */
  async import(
    previewId: string,
    mapping: Partial<Record<CsvField, number>>,
    defaultStatus: StoryStatus,
    job: { signal?: AbortSignal; progress?: (phase: string, fraction: number) => void } = {},
  ): Promise<CsvCheck & { backup: string | null }> {
    const total = this.rowsOf(previewId).rows.length
    const good: ReturnType<StoryCsv['convert']>['good'] = []
    const problems: CsvProblem[] = []
    const STEP = 2000
    for (let at = 0; at < total; at += STEP) {
      if (job.signal?.aborted) throw new CultureError('conflict', 'The import was cancelled. Nothing was imported.')
      const part = this.convert(previewId, mapping, defaultStatus, [at, Math.min(total, at + STEP)])
      good.push(...part.good)
      problems.push(...part.problems)
      job.progress?.('check', (0.8 * Math.min(total, at + STEP)) / total)
      await new Promise((r) => setImmediate(r))
    }
    if (job.signal?.aborted) throw new CultureError('conflict', 'The import was cancelled. Nothing was imported.')
    if (good.length === 0) throw new CultureError('invalid_input', 'No row can be imported. See the problems listed for each row.')
    job.progress?.('backup', 0.85)
    const backup = await takeBackup(this.db, this.libraryPath, 'before-import')
    if (job.signal?.aborted) throw new CultureError('conflict', 'The import was cancelled. Nothing was imported.')
    job.progress?.('write', 0.9)
    const now = new Date().toISOString()
    const ids: string[] = []
    this.db.transaction(() => {
      for (const g of good) {
        const id = randomUUID()
        this.stories.putFromElsewhere(id, g.fields, { status: g.status, createdAt: now, updatedAt: now })
        ids.push(id)
      }
    }).immediate()
    this.previews.delete(previewId)
    this.stories.announce(ids)
    return { ok: good.length, problems, backup: backup.name }
  }

  /** Every live story as CSV: UTF-8 with a BOM, formulas neutralised, values by name. */
  export(): string {
    const names = new Map(this.values.list().map((v) => [v.id, v.name]))
    const rows = this.stories.list({ sort: 'oldest', trashed: false, offset: 0, limit: 1_000_000 }).items.map((s) => {
      const full = this.stories.get(s.id)
      return [
        full.id,
        full.title,
        full.body,
        full.author,
        full.team,
        full.customerContext ?? '',
        full.happenedOn,
        full.valueIds.map((v) => names.get(v) ?? '').join('; '),
        names.get(full.primaryValueId) ?? '',
        full.status,
        full.language,
        full.isRecovery ? 'yes' : 'no',
      ].map(neutralizeFormula)
    })
    return stringify([['id', 'title', 'story', 'author', 'team', 'customer situation', 'date', 'values', 'primary value', 'status', 'language', 'service recovery'], ...rows], {
      bom: true,
      record_delimiter: 'windows',
    })
  }
}
