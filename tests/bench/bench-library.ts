/** A real library file filled with a generated corpus, for benchmarks that open it as the app does. */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { openCore } from '../../electron/core/culture-core'
import { makeCorpus } from './search-corpus'

/**
 * Creates a library at `file` with `count` generated stories, written in one transaction the way
 * the story repository stores them (rows and value tags), with the real clock's timestamps.
 */
export function writeLibrary(file: string, count: number): void {
  const setup = openCore(file, { rebuildSearch: () => new Promise(() => {}) })
  try {
    const values = setup.values.list()
    const valueIds = new Map(values.map((v) => [v.name, v.id]))
    const corpus = makeCorpus(count, values)
    const now = new Date().toISOString()
    const insert = setup.db.prepare(
      `INSERT INTO stories (id, title, body, author, team, customer_context, happened_on, primary_value_id, status, language, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const tag = setup.db.prepare('INSERT INTO story_values (story_id, value_id) VALUES (?, ?)')
    setup.db.transaction(() => {
      for (const s of corpus) {
        const ids = s.valueNames.map((n) => valueIds.get(n)!)
        insert.run(s.id, s.title, s.body, s.author, s.team, s.customerContext, s.happenedOn, ids[0], s.status, s.language, now, now)
        for (const id of ids) tag.run(s.id, id)
      }
    })()
  } finally {
    setup.close()
  }
}

/**
 * writeLibrary in a process of its own, so that the generated corpus (and the heap it grew) is not
 * counted in the memory of the benchmark that opens the library afterwards.
 */
export function writeLibraryApart(file: string, count: number): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), file, String(count)], { stdio: 'inherit' })
  if (run.status !== 0) throw new Error(`Writing the benchmark library failed (exit ${run.status}).`)
}

// Run as a script: `node --import tsx tests/bench/bench-library.ts <file> <count>`.
if (process.argv[1] === fileURLToPath(import.meta.url)) writeLibrary(process.argv[2], Number(process.argv[3]))
