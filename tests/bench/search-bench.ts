/**
 * `npm run bench:search [-- --sizes 1000,10000,50000]`
 * Builds, saves, loads, edits and queries the app's search engine, plain lunr 2.3.9 and SQLite FTS5
 * on the same deterministic corpus, and prints Markdown tables. Figures, not assertions.
 *
 * Each engine runs at each size in a child process of its own (`--one engine=lunr size=50000`), so
 * one engine's memory cannot starve another's figures and a crash costs one row, not the table.
 */
import Database from 'better-sqlite3'
import lunr from 'lunr'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { openCore } from '../../electron/core/culture-core'
import seedValues from '../../resources/core-values.json'
import { deserialize, deserializeDictionary, serialize, serializeDictionary } from '../../electron/core/search/compiled-index'
import { buildAll, SearchEngine, type BuiltIndex } from '../../electron/core/search/search-engine'
import { metaOf, type SearchMeta, type SearchSource } from '../../electron/core/search/search-document'
import { makeCorpus, QUERIES } from './search-corpus'

/**
 * The app engine's API, in one place: when a build, a save or a load changes shape, only this
 * changes. `save` returns the blobs' total size and a way to load them back as a cold start does.
 */
const app = {
  build: (corpus: SearchSource[]): BuiltIndex => buildAll(corpus),
  save(built: BuiltIndex): { bytes: number; restore: () => Promise<BuiltIndex> } {
    const dictionary = serializeDictionary(built.dictionary)
    const shards = built.shards.map(serialize)
    return {
      bytes: shards.reduce((sum, b) => sum + b.length, dictionary.length),
      restore: async () => ({ dictionary: deserializeDictionary(dictionary), shards: shards.map(deserialize) }),
    }
  },
  engine(built: BuiltIndex, meta: Map<string, SearchMeta>): SearchEngine {
    const engine = new SearchEngine()
    engine.load(built, meta)
    return engine
  },
  /** As the search page asks: the first page of 50 in order, and the count of all hits. */
  search: (engine: SearchEngine, text: string) => engine.search(text, {}, undefined, 50),
}

const ENGINES = ['app', 'lunr', 'fts5', 'start'] as const
type Engine = (typeof ENGINES)[number]
type Kind = keyof typeof QUERIES
type Timings = Record<Kind | 'mixed', { median: number; p95: number }>

interface EngineRow {
  engine: Exclude<Engine, 'start'>
  size: number
  build: number
  /** Saved index size; null where the index lives in the database. */
  savedMB: number | null
  /** null where nothing needs loading. */
  coldStart: number | null
  edit: number
  queries: Timings
  /** Mean hits per query, by kind, without the timing's limits. */
  hits: Record<Kind, number>
  /** Growth of JS heap + ArrayBuffers (typed arrays) over the build, after GC. */
  memoryMB: number
  /** The process's peak resident memory by the end of the build, and how much of it the build added. */
  peakRssMB: number
  buildRssMB: number
}
interface StartRow {
  engine: 'start'
  size: number
  ready: number
  maxBlock: number
}
type Row = EngineRow | StartRow

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const MB = 1e6
const values = seedValues.map((v, i) => ({ id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: v.name }))

function time<T>(fn: () => T): [T, number] {
  const start = performance.now()
  const result = fn()
  return [result, performance.now() - start]
}

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** JS heap plus the ArrayBuffers behind typed arrays (the compiled index keeps its postings there), after GC. */
function memoryNow(): number {
  gc()
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** The process's peak resident memory so far (resourceUsage reports kilobytes). */
const peakRss = () => process.resourceUsage().maxRSS * 1024

type BuildFigures = Pick<EngineRow, 'build' | 'memoryMB' | 'peakRssMB' | 'buildRssMB'>

/** Runs a build, with the time and memory figures every engine reports. */
function measuredBuild<T>(build: () => T): { result: T; figures: BuildFigures } {
  const memoryBefore = memoryNow()
  const rssBefore = process.memoryUsage.rss()
  const [result, ms] = time(build)
  const peak = peakRss()
  return {
    result,
    figures: {
      build: ms,
      memoryMB: (memoryNow() - memoryBefore) / MB,
      peakRssMB: peak / MB,
      buildRssMB: Math.max(0, peak - rssBefore) / MB,
    },
  }
}

function measureQueries(run: (kind: Kind, text: string) => void): Timings {
  const all: number[] = []
  const byKind = {} as Timings
  for (const kind of Object.keys(QUERIES) as Kind[]) {
    const samples: number[] = []
    for (let round = 0; round < 6; round++) {
      for (const text of QUERIES[kind]) {
        const [, ms] = time(() => run(kind, text))
        if (round > 0) samples.push(ms) // the first round warms caches and the JIT
      }
    }
    all.push(...samples)
    byKind[kind] = { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) }
  }
  byKind.mixed = { median: quantile(all, 0.5), p95: quantile(all, 0.95) }
  return byKind
}

function meanHits(count: (kind: Kind, text: string) => number): Record<Kind, number> {
  const out = {} as Record<Kind, number>
  for (const kind of Object.keys(QUERIES) as Kind[]) {
    const counts = QUERIES[kind].map((text) => count(kind, text))
    out[kind] = counts.reduce((a, b) => a + b, 0) / counts.length
  }
  return out
}

function edited(source: SearchSource, n: number): SearchSource {
  return { ...source, title: `${source.title} edited${n}`, body: `${source.body} marzipan${n}` }
}

async function benchApp(corpus: SearchSource[]): Promise<Omit<EngineRow, 'engine' | 'size'>> {
  const meta = new Map(corpus.map((s) => [s.id, metaOf(s)]))
  const { result, figures } = measuredBuild(() => {
    const built = app.build(corpus)
    return { built, engine: app.engine(built, meta) }
  })
  const { engine } = result
  const saved = app.save(result.built)
  const coldStart = performance.now()
  app.engine(await saved.restore(), meta)
  const cold = performance.now() - coldStart
  const edits: number[] = []
  for (let n = 0; n < 20; n++) {
    const [, ms] = time(() => engine.upsert(edited(corpus[n * 7], n)))
    edits.push(ms)
  }
  if (app.search(engine, 'marzipan3').hits[0]?.id !== corpus[21].id) throw new Error('edit not searchable')
  return {
    ...figures,
    savedMB: saved.bytes / MB,
    coldStart: cold,
    edit: quantile(edits, 0.5),
    queries: measureQueries((_kind, text) => app.search(engine, text)),
    hits: meanHits((_kind, text) => app.search(engine, text).total),
  }
}

function plainLunrIndex(corpus: SearchSource[]): lunr.Index {
  return lunr(function () {
    this.ref('id')
    this.field('title', { boost: 10 })
    this.field('values', { boost: 5 })
    this.field('body')
    for (const s of corpus) this.add({ id: s.id, title: s.title, values: s.valueNames.join(' '), body: s.body })
  })
}

const LUNR_SYNTAX: Record<Kind, (t: string) => string> = {
  plain: (t) => t,
  prefix: (t) => `${t}*`,
  fuzzy: (t) => `${t}~1`,
  field: (t) => t.replace(/^author:/, 'body:'),
}

function lunrSearch(index: lunr.Index, kind: Kind, text: string): lunr.Index.Result[] {
  try {
    return index.search(LUNR_SYNTAX[kind](text))
  } catch {
    return [] // lunr throws on some syntax; the app must not
  }
}

/** One full index alive at a time: the built one, then the reloaded one, then the rebuilt one. */
function benchPlainLunr(corpus: SearchSource[]): Omit<EngineRow, 'engine' | 'size'> {
  const held: { index: lunr.Index | null; saved: string | null } = { index: null, saved: null }
  const { figures } = measuredBuild(() => (held.index = plainLunrIndex(corpus)))
  const queries = measureQueries((kind, text) => lunrSearch(held.index!, kind, text))
  const hits = meanHits((kind, text) => lunrSearch(held.index!, kind, text).length)
  held.saved = JSON.stringify(held.index)
  const savedMB = held.saved.length / MB
  held.index = null
  gc()
  const [, coldStart] = time(() => lunr.Index.load(JSON.parse(held.saved!)))
  held.saved = null
  gc()
  // Immutable: an edit is a full rebuild.
  const [, edit] = time(() => plainLunrIndex(corpus.map((s, i) => (i === 0 ? edited(s, 0) : s))))
  return { ...figures, savedMB, coldStart, edit, queries, hits }
}

const quoted = (t: string) =>
  t
    .split(/\s+/)
    .map((w) => `"${w}"`)
    .join(' ')
const FTS5_SYNTAX: Record<Kind, (t: string) => string> = {
  // Phrases side by side are an implicit AND in FTS5, as the app's plain queries are.
  plain: quoted,
  prefix: (t) => `"${t}"*`,
  // FTS5 has no typo tolerance: a prefix query on the first four letters finds the intended word
  // and its neighbours ("deli*" for "deliverry"), the nearest work it can do.
  fuzzy: (t) => `"${[...t].slice(0, 4).join('')}"*`,
  field: (t) => {
    const [field, word] = t.split(':')
    return `${field === 'title' ? 'title' : field === 'values' ? 'vals' : 'body'} : "${word}"`
  },
}

function benchFts5(corpus: SearchSource[]): Omit<EngineRow, 'engine' | 'size'> {
  const db = new Database(':memory:')
  // The rowid is the key: stories are updated by it, as an app storing them this way would.
  const { figures } = measuredBuild(() => {
    db.exec("CREATE VIRTUAL TABLE s USING fts5(title, vals, body, tokenize = 'unicode61 remove_diacritics 0')")
    const insert = db.prepare('INSERT INTO s (rowid, title, vals, body) VALUES (?, ?, ?, ?)')
    db.transaction(() => corpus.forEach((c, i) => insert.run(i + 1, c.title, c.valueNames.join(' '), c.body)))()
  })
  const update = db.prepare('UPDATE s SET body = ? WHERE rowid = ?')
  const [, edit] = time(() => update.run(`${corpus[0].body} marzipan`, 1))
  const search = db.prepare('SELECT rowid FROM s WHERE s MATCH ? ORDER BY bm25(s, 10, 5, 1) LIMIT 50').pluck()
  if (search.get('marzipan') !== 1) throw new Error('edit not searchable')
  const count = db.prepare('SELECT count(*) AS n FROM s WHERE s MATCH ?').pluck()
  const queries = measureQueries((kind, text) => search.all(FTS5_SYNTAX[kind](text)))
  const hits = meanHits((kind, text) => count.get(FTS5_SYNTAX[kind](text)) as number)
  db.close()
  return { ...figures, savedMB: null, coldStart: null, edit, queries, hits }
}

/** A timer longer than the histogram's resolution: the last block is only recorded once the loop turns again. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

/**
 * Cold start as the app does it: a real library file with a saved index, opened by the core.
 * Measures the time until search answers, and the longest the event loop was blocked meanwhile.
 */
async function benchAppStart(corpus: SearchSource[]): Promise<Omit<StartRow, 'engine' | 'size'>> {
  const dir = mkdtempSync(join(tmpdir(), 'culture-book-bench-'))
  try {
    const file = join(dir, 'library.sqlite')
    const setup = openCore(file)
    const valueIds = new Map(setup.values.list().map((v) => [v.name, v.id]))
    const insert = setup.db.prepare(
      `INSERT INTO stories (id, title, body, author, team, customer_context, happened_on, primary_value_id, status, language, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')`,
    )
    const tag = setup.db.prepare('INSERT INTO story_values (story_id, value_id) VALUES (?, ?)')
    setup.db.transaction(() => {
      for (const s of corpus) {
        const ids = s.valueNames.map((n) => valueIds.get(n)!)
        insert.run(s.id, s.title, s.body, s.author, s.team, s.customerContext, s.happenedOn, ids[0], s.status, s.language)
        for (const id of ids) tag.run(s.id, id)
      }
    })()
    setup.search.rebuildNow()
    setup.close()
    gc()

    const histogram = monitorEventLoopDelay({ resolution: 2 })
    histogram.enable()
    const start = performance.now()
    const core = openCore(file, { rebuildSearch: () => Promise.reject(new Error('the saved index should be used')) })
    await core.search.ready
    if (core.search.search('refund', {}, 0, 10).total === 0) throw new Error('no results after start')
    const ready = performance.now() - start
    await settle()
    histogram.disable()
    core.close()
    return { ready, maxBlock: histogram.max / 1e6 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Child: one engine at one size; prints its row as JSON on the last line. */
async function runOne(engine: Engine, size: number): Promise<Row> {
  const corpus = makeCorpus(size, values)
  gc()
  if (engine === 'app') return { engine, size, ...(await benchApp(corpus)) }
  if (engine === 'lunr') return { engine, size, ...benchPlainLunr(corpus) }
  if (engine === 'fts5') return { engine, size, ...benchFts5(corpus) }
  return { engine, size, ...(await benchAppStart(corpus)) }
}

/** Parent: every engine at every size, each in its own process. */
function runChild(engine: Engine, size: number): Row | { engine: Engine; size: number; failed: string } {
  const script = fileURLToPath(import.meta.url)
  // A roomy heap so plain lunr's 50,000-story baseline can finish at all; the app needs far less.
  const args = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', script, '--one', `engine=${engine}`, `size=${size}`]
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
  const last = child.stdout.trim().split('\n').at(-1) ?? ''
  if (child.status === 0 && last.startsWith('{')) return JSON.parse(last) as Row
  return { engine, size, failed: child.signal ?? `exit ${child.status}` }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`)
const NAMES: Record<Engine, string> = { app: 'Culture Book', lunr: 'plain lunr', fts5: 'SQLite FTS5', start: 'app start' }

function report(rows: ReturnType<typeof runChild>[]): string {
  const out: string[] = []
  out.push(
    '| stories | engine | build | saved index | cold start | edit searchable | plain med/p95 | prefix med/p95 | fuzzy med/p95 | field med/p95 | mixed p95 | heap + arrays | peak RSS (build adds) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  )
  const hitLines: string[] = ['| stories | engine | plain | prefix | fuzzy | field |', '| --- | --- | --- | --- | --- | --- |']
  const startLines: string[] = ['| stories | search answers after | longest event-loop block |', '| --- | --- | --- |']
  for (const row of rows) {
    const size = row.size.toLocaleString('en')
    if ('failed' in row) {
      out.push(`| ${size} | ${NAMES[row.engine]} | failed (${row.failed}) |||||||||||`)
      continue
    }
    if (row.engine === 'start') {
      // The delay histogram samples every 2 ms: a shorter block is below what it can see.
      startLines.push(`| ${size} | ${fmt(row.ready)} | ${row.maxBlock < 2 ? 'under 2 ms' : fmt(row.maxBlock)} |`)
      continue
    }
    const q = (k: Kind) => `${fmt(row.queries[k].median)} / ${fmt(row.queries[k].p95)}`
    out.push(
      `| ${size} | ${NAMES[row.engine]} | ${fmt(row.build)} | ${row.savedMB === null ? 'in the db' : `${row.savedMB.toFixed(1)} MB`} | ${row.coldStart === null ? 'none needed' : fmt(row.coldStart)} | ${fmt(row.edit)} | ${q('plain')} | ${q('prefix')} | ${q('fuzzy')} | ${q('field')} | ${fmt(row.queries.mixed.p95)} | ${Math.max(0, row.memoryMB).toFixed(0)} MB | ${row.peakRssMB.toFixed(0)} MB (+${row.buildRssMB.toFixed(0)}) |`,
    )
    const h = (k: Kind) => row.hits[k].toFixed(0)
    hitLines.push(`| ${size} | ${NAMES[row.engine]} | ${h('plain')} | ${h('prefix')} | ${h('fuzzy')} | ${h('field')} |`)
  }
  return [
    out.join('\n'),
    '',
    'Each engine ran at each size in a process of its own. "heap + arrays" is the growth of the JS heap plus ArrayBuffers',
    "(the typed arrays the compiled index keeps its postings in) over the build, after GC; SQLite's own memory is outside",
    "both, so for FTS5 read the peak RSS: the process's resident high-water mark by the end of the build, with what the build added.",
    '',
    'Plain multi-word queries require every word in the app and in FTS5 (its implicit AND) but any word in plain lunr',
    '(its default OR); FTS5\'s "fuzzy" row is a prefix query on the first four letters (FTS5 has no typo tolerance);',
    'the baselines index no byline, so their `author:` query searches the body. So hit counts differ. Mean hits per',
    'query (FTS5 and lunr unlimited; the app counts every match):',
    '',
    hitLines.join('\n'),
    '',
    'App start with the saved index (real library file, `openCore` until search answers):',
    '',
    startLines.join('\n'),
  ].join('\n')
}

const argv = process.argv.slice(2)
const oneAt = argv.indexOf('--one')
if (oneAt >= 0) {
  const options = Object.fromEntries(argv.slice(oneAt + 1).map((a) => a.split('=') as [string, string]))
  const row = await runOne(options.engine as Engine, Number(options.size))
  console.log(JSON.stringify(row))
} else {
  const sizesAt = argv.findIndex((a) => a.startsWith('--sizes'))
  const sizesText = sizesAt < 0 ? '1000,10000' : (argv[sizesAt].split('=')[1] ?? argv[sizesAt + 1])
  const sizes = sizesText
    .split(',')
    .map(Number)
    .filter((n) => n > 0)
  const rows: ReturnType<typeof runChild>[] = []
  for (const size of sizes) {
    for (const engine of ENGINES) {
      const started = performance.now()
      rows.push(runChild(engine, size))
      console.error(`done: ${size} ${NAMES[engine]} in ${fmt(performance.now() - started)}`)
    }
  }
  console.log(report(rows))
}
