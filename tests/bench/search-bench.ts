/**
 * `npm run bench:search [-- --sizes 1000,10000,50000]`
 * Builds, saves, loads, edits and queries the app's search engine, plain lunr 2.3.9 and SQLite FTS5
 * on the same deterministic corpus, and prints one Markdown table. Figures, not assertions.
 */
import Database from 'better-sqlite3'
import lunr from 'lunr'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { openCore } from '../../electron/core/culture-core'
import seedValues from '../../resources/core-values.json'
import { deserialize, serialize } from '../../electron/core/search/compiled-index'
import { buildAll, SearchEngine } from '../../electron/core/search/search-engine'
import { metaOf } from '../../electron/core/search/search-document'
import type { SearchSource } from '../../electron/core/search/search-document'
import { makeCorpus, QUERIES } from './search-corpus'

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const sizesArg = process.argv.find((a) => a.startsWith('--sizes'))
const sizes = (sizesArg?.split('=')[1] ?? process.argv[process.argv.indexOf('--sizes') + 1] ?? '1000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)

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

function heapNow(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

type Kind = keyof typeof QUERIES
interface Row {
  build: number
  savedMB: number
  coldStart: number
  edit: number
  queries: Record<Kind | 'mixed', { median: number; p95: number }>
  heapMB: number
}

function measureQueries(run: (kind: Kind, text: string) => void): Row['queries'] {
  const all: number[] = []
  const byKind = {} as Row['queries']
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

function edited(source: SearchSource, n: number): SearchSource {
  return { ...source, title: `${source.title} edited${n}`, body: `${source.body} marzipan${n}` }
}

function benchEngine(corpus: SearchSource[]): Row {
  const heapBefore = heapNow()
  const meta = new Map(corpus.map((s) => [s.id, metaOf(s)]))
  const [built, buildMs] = time(() => buildAll(corpus))
  const saved = built.shards.map(serialize)
  const savedBytes = saved.reduce((sum, b) => sum + b.length, 0)
  const engine = new SearchEngine()
  const [, loadAfterBuild] = time(() => engine.load(built, meta))
  const heapMB = (heapNow() - heapBefore) / 1e6
  const cold = new SearchEngine()
  const [, coldStart] = time(() => cold.load({ ...built, shards: saved.map(deserialize) }, meta))
  const edits: number[] = []
  for (let n = 0; n < 20; n++) {
    const [, ms] = time(() => engine.upsert(edited(corpus[n * 7], n)))
    edits.push(ms)
  }
  if (engine.search('marzipan3').hits[0]?.id !== corpus[21].id) throw new Error('edit not searchable')
  const queries = measureQueries((_kind, text) => engine.search(text))
  return { build: buildMs + loadAfterBuild, savedMB: savedBytes / 1e6, coldStart, edit: quantile(edits, 0.5), queries, heapMB }
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

function benchPlainLunr(corpus: SearchSource[]): Row {
  const heapBefore = heapNow()
  const [index, build] = time(() => plainLunrIndex(corpus))
  const heapMB = (heapNow() - heapBefore) / 1e6
  const saved = JSON.stringify(index)
  const [, coldStart] = time(() => lunr.Index.load(JSON.parse(saved)))
  // Immutable: an edit is a full rebuild.
  const [, edit] = time(() => plainLunrIndex(corpus.map((s, i) => (i === 0 ? edited(s, 0) : s))))
  const syntax: Record<Kind, (t: string) => string> = {
    plain: (t) => t,
    prefix: (t) => `${t}*`,
    fuzzy: (t) => `${t}~1`,
    field: (t) => t.replace(/^author:/, 'body:'),
  }
  const queries = measureQueries((kind, text) => {
    try {
      index.search(syntax[kind](text))
    } catch {
      /* lunr throws on some syntax; the app must not */
    }
  })
  return { build, savedMB: saved.length / 1e6, coldStart, edit, queries, heapMB }
}

function benchFts5(corpus: SearchSource[]): Row {
  const db = new Database(':memory:')
  const heapBefore = heapNow()
  const [, build] = time(() => {
    db.exec("CREATE VIRTUAL TABLE s USING fts5(id UNINDEXED, title, vals, body, tokenize = 'unicode61 remove_diacritics 0')")
    const insert = db.prepare('INSERT INTO s (id, title, vals, body) VALUES (?, ?, ?, ?)')
    db.transaction(() => {
      for (const c of corpus) insert.run(c.id, c.title, c.valueNames.join(' '), c.body)
    })()
  })
  const heapMB = (heapNow() - heapBefore) / 1e6
  const update = db.prepare('UPDATE s SET body = ? WHERE id = ?')
  const [, edit] = time(() => update.run(`${corpus[0].body} marzipan`, corpus[0].id))
  const search = db.prepare('SELECT id FROM s WHERE s MATCH ? ORDER BY bm25(s, 0, 10, 5, 1) LIMIT 50')
  const syntax: Record<Kind, (t: string) => string> = {
    plain: (t) =>
      t
        .split(/\s+/)
        .map((w) => `"${w}"`)
        .join(' '),
    prefix: (t) => `"${t}"*`,
    fuzzy: (t) => `"${t}"`,
    field: (t) => {
      const [field, word] = t.split(':')
      return `${field === 'title' ? 'title' : field === 'values' ? 'vals' : 'body'} : "${word}"`
    },
  }
  const queries = measureQueries((kind, text) => search.all(syntax[kind](text)))
  db.close()
  return { build, savedMB: NaN, coldStart: 0, edit, queries, heapMB }
}

/**
 * Cold start as the app does it: a real library file with a saved index, opened by the core.
 * Measures the time until search answers, and the longest the event loop was blocked meanwhile.
 */
async function benchAppStart(corpus: SearchSource[]): Promise<{ ready: number; maxBlock: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'culture-book-bench-'))
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

  const histogram = monitorEventLoopDelay({ resolution: 5 })
  histogram.enable()
  const start = performance.now()
  const core = openCore(file, { rebuildSearch: () => Promise.reject(new Error('the saved index should be used')) })
  await core.search.ready
  if (core.search.search('refund', {}, 0, 10).total === 0) throw new Error('no results after start')
  const ready = performance.now() - start
  histogram.disable()
  core.close()
  rmSync(dir, { recursive: true, force: true })
  return { ready, maxBlock: histogram.max / 1e6 }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`)
const lines: string[] = []
const starts: string[] = []
lines.push(
  '| stories | engine | build | saved index | cold start | edit searchable | plain med/p95 | prefix med/p95 | fuzzy med/p95 | field med/p95 | mixed p95 | heap |',
)
lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const size of sizes) {
  const corpus = makeCorpus(size, values)
  const rows: [string, Row][] = [
    ['Culture Book', benchEngine(corpus)],
    ['plain lunr', benchPlainLunr(corpus)],
    ['SQLite FTS5', benchFts5(corpus)],
  ]
  const start = await benchAppStart(corpus)
  console.error(`done: ${size} app start`)
  // The delay histogram samples every 5 ms: a shorter block is below what it can see.
  starts.push(`| ${size.toLocaleString('en')} | ${fmt(start.ready)} | ${start.maxBlock < 5 ? 'under 5 ms' : fmt(start.maxBlock)} |`)
  for (const [name, r] of rows) {
    const q = (k: Kind) => `${fmt(r.queries[k].median)} / ${fmt(r.queries[k].p95)}`
    lines.push(
      `| ${size.toLocaleString('en')} | ${name} | ${fmt(r.build)} | ${Number.isNaN(r.savedMB) ? 'in the db' : `${r.savedMB.toFixed(1)} MB`} | ${name === 'SQLite FTS5' ? 'none needed' : fmt(r.coldStart)} | ${fmt(r.edit)} | ${q('plain')} | ${q('prefix')} | ${q('fuzzy')} | ${q('field')} | ${fmt(r.queries.mixed.p95)} | ${Math.max(0, r.heapMB).toFixed(0)} MB |`,
    )
    console.error(`done: ${size} ${name}`)
  }
}
console.log(lines.join('\n'))
console.log('\nApp start with the saved index (real library file, `openCore` until search answers):\n')
console.log('| stories | search answers after | longest event-loop block |\n| --- | --- | --- |')
console.log(starts.join('\n'))
