/**
 * The data `npm run bench:ui` works on: a library of `size` stories (a quarter of them approved
 * stories of BOOK_YEAR, so the book has 2,500 at 10,000), a pack of about 32 MB from another library
 * that shares some stories with it, and a CSV file of about 50 MB of new stories. Written through
 * the core's own write path in one transaction each, and kept in the temp folder under a name that
 * holds the size, the schema version and GENERATOR, so a rerun only copies them.
 */
import { randomUUID } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { LATEST_SCHEMA_VERSION } from '../../electron/core/library/migrations'
import type { SearchSource } from '../../electron/core/search/search-document'
import { storyFields } from '../../electron/core/stories/story-fields'
import seedValues from '../../resources/core-values.json'
import { makeCorpus } from './search-corpus'

/** Bump when what is generated changes, so an old cache is not reused. */
const GENERATOR = 2
export const BOOK_YEAR = 2025
/** Stories in the pack, of which the first PACK_SHARED carry ids of the library's stories (edited elsewhere: conflicts). */
const PACK_STORIES = 14_000
const PACK_SHARED = 3_000
const CSV_ROWS = 26_700
/** In every imported row, and in no generated story: search finds the import once it is indexed. */
export const CSV_MARKER = 'quokkaimport'

export interface BenchData {
  dir: string
  library: string
  pack: string
  csv: string
}

const corpusId = (i: number, block: string) => `00000000-0000-4000-${block}-${String(i).padStart(12, '0')}`

/** The corpus's stories written as stories from elsewhere (own ids, statuses and dates), in one transaction. */
function writeStories(core: CultureCore, corpus: SearchSource[]): void {
  const now = new Date().toISOString()
  core.db.transaction(() => {
    for (const s of corpus) {
      const fields = storyFields.parse({
        title: s.title,
        body: s.body,
        customerContext: s.customerContext,
        author: s.author,
        team: s.team,
        happenedOn: s.happenedOn,
        valueIds: s.valueIds,
        primaryValueId: s.primaryValueId,
        language: s.language,
      })
      core.stories.putFromElsewhere(s.id, fields, { status: s.status, createdAt: now, updatedAt: now, revisionId: randomUUID() })
    }
  })()
}

function generateLibrary(path: string, size: number): void {
  const core = openCore(path, { throwaway: true })
  try {
    const corpus = makeCorpus(size, core.values.list(), 42).map((s, i) =>
      // A quarter is the book's: approved, in BOOK_YEAR; no other story is of that year.
      i < size / 4
        ? { ...s, status: 'approved' as const, happenedOn: `${BOOK_YEAR}${s.happenedOn.slice(4)}` }
        : s.happenedOn.startsWith(String(BOOK_YEAR))
          ? { ...s, happenedOn: `${BOOK_YEAR - 1}${s.happenedOn.slice(4)}` }
          : s,
    )
    // The search index is built by runCopy, with the code of the run.
    writeStories(core, corpus)
  } finally {
    core.close()
  }
}

/** A pack exported by another library: some of this library's stories, edited there, and many new ones. */
function generatePack(dir: string, out: string): void {
  const path = join(dir, 'other.sqlite')
  const core = openCore(path, { throwaway: true })
  try {
    const corpus = makeCorpus(PACK_STORIES, core.values.list(), 7).map((s, i) =>
      i < PACK_SHARED ? { ...s, id: corpusId(i, '8000') } : { ...s, id: corpusId(i, '9000') },
    )
    writeStories(core, corpus)
    core.packs.exportPack(out, {})
  } finally {
    core.close()
    rmSync(path, { force: true })
  }
}

/** A spreadsheet of new stories, as a team might keep one: the columns the app's own CSV export writes. */
function generateCsv(out: string): void {
  // By the names a new library's values have (English): the file names values as a person would.
  const values = seedValues.map((v) => ({ id: v.slug, name: v.name }))
  const rows = makeCorpus(CSV_ROWS, values, 11).map((s) => [
    s.title,
    `${s.body} ${CSV_MARKER}`,
    s.author,
    s.team,
    s.customerContext ?? '',
    s.happenedOn,
    s.valueNames.join('; '),
    s.valueNames[0],
    s.status,
    s.language,
  ])
  const header = ['title', 'story', 'author', 'team', 'customer situation', 'date', 'values', 'primary value', 'status', 'language']
  writeFileSync(out, stringify([header, ...rows], { bom: true, record_delimiter: 'windows' }))
}

/** The cached data, generated first if missing; `log` hears what takes time. */
export function benchData(size: number, log: (line: string) => void): BenchData {
  const dir = join(tmpdir(), `culture-book-bench-ui-${size}-schema${LATEST_SCHEMA_VERSION}-g${GENERATOR}`)
  const data = { dir, library: join(dir, 'library.sqlite'), pack: join(dir, 'pack.json'), csv: join(dir, 'import.csv') }
  const complete = join(dir, 'complete')
  if (existsSync(complete)) return data
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const started = Date.now()
  log(`generating ${size.toLocaleString('en')} stories, a pack and a CSV file in ${dir} (once) …`)
  generateLibrary(data.library, size)
  generatePack(dir, data.pack)
  generateCsv(data.csv)
  writeFileSync(complete, '')
  const mb = (p: string) => (statSync(p).size / 1e6).toFixed(0)
  log(
    `generated in ${((Date.now() - started) / 1000).toFixed(0)} s: library ${mb(data.library)} MB, pack ${mb(data.pack)} MB, CSV ${mb(data.csv)} MB`,
  )
  return data
}

/**
 * A fresh copy of the library for one run, its saved search index current for the code at hand and
 * today's backup beside it, so browser mode starts as it does on a second start of the day.
 */
export async function runCopy(data: BenchData, runDir: string): Promise<string> {
  const core = openCore(data.library)
  try {
    await core.ready
    await core.search.idle()
  } finally {
    core.close()
  }
  const library = join(runDir, 'library.sqlite')
  cpSync(data.library, library)
  if (existsSync(join(data.dir, 'backups'))) cpSync(join(data.dir, 'backups'), join(runDir, 'backups'), { recursive: true })
  return library
}
