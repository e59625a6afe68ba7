/**
 * Opening a big library as the app does: how long the main thread is blocked while the saved search
 * index loads and while a background rebuild finishes, how soon search answers, and the memory a
 * rebuild takes. Run with `npm run bench:open [-- --size 50000]`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { checkLibraryFile } from '../../electron/core/library/library-check'
import { workerRebuild } from '../../electron/core/search/worker-rebuild'
import { writeLibrary } from './bench-library'

const sizeArg = process.argv.indexOf('--size')
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 50_000
// Under tsx the worker runs from its TypeScript source, through a loader that registers tsx in the worker.
const workerPath = resolve('tests/bench/rebuild-worker-tsx.mjs')
const checkWorker = resolve('tests/bench/check-worker-tsx.mjs')

const tick = () => new Promise((r) => setTimeout(r, 20))

/** Runs `work`, sampling the event loop every 2 ms and the process's memory every 25 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; maxBlock: number; p99: number; peakRss: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 2 })
  let peakRss = process.memoryUsage.rss()
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25)
  histogram.enable()
  const start = performance.now()
  const result = await work()
  const ms = performance.now() - start
  // The last block is only recorded once the loop turns again.
  await tick()
  await tick()
  histogram.disable()
  clearInterval(sampler)
  return { result, ms, maxBlock: histogram.max / 1e6, p99: histogram.percentile(99) / 1e6, peakRss: peakRss / 2 ** 20 }
}

/** Resolves when a search for a word every library has answers completely (no `indexing` hint). */
async function searchAnswers(core: CultureCore): Promise<void> {
  const response = await core.search.query('refund', {}, 0, 10)
  if (response.total === 0 || response.hints.some((h) => h.code === 'indexing')) throw new Error('search did not answer fully')
}

const dir = mkdtempSync(join(tmpdir(), 'culture-book-open-'))
const file = join(dir, 'library.sqlite')
const rows: string[] = []
const notes: string[] = []
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
try {
  writeLibrary(file, size)
  console.error(`library of ${size} stories written`)

  // First open: no saved index yet; the worker builds it and the core saves it.
  const first = await measured(async () => {
    const core = openCore(file, { checked: await checkLibraryFile(checkWorker, file), rebuildSearch: workerRebuild(workerPath, file) })
    await core.search.idle()
    return core
  })
  first.result.close()
  rows.push(
    `| first open, full build in the worker | ${fmt(first.ms)} | ${fmt(first.maxBlock)} | ${fmt(first.p99)} | ${first.peakRss.toFixed(0)} MB |`,
  )
  console.error('first build done')

  let core: CultureCore | null = null
  let openCoreMs = 0
  // As the shells open it: the integrity check in a worker thread first, then openCore, which takes its answer.
  const open = await measured(async () => {
    const checked = await checkLibraryFile(checkWorker, file)
    const started = performance.now()
    core = openCore(file, { checked, rebuildSearch: workerRebuild(workerPath, file) })
    openCoreMs = performance.now() - started
    await searchAnswers(core)
  })
  rows.push(
    `| open with the saved index until search answers | ${fmt(open.ms)} | ${fmt(open.maxBlock)} | ${fmt(open.p99)} | ${open.peakRss.toFixed(0)} MB |`,
  )
  console.error('open done')

  const rebuild = await measured(async () => {
    await core!.search.scheduleRebuild()
    await searchAnswers(core!)
  })
  rows.push(
    `| background rebuild until it is loaded and saved | ${fmt(rebuild.ms)} | ${fmt(rebuild.maxBlock)} | ${fmt(rebuild.p99)} | ${rebuild.peakRss.toFixed(0)} MB |`,
  )
  core!.close()

  // For comparison: openCore checking the file itself, as tests and tools do.
  const started = performance.now()
  openCore(file, { rebuildSearch: () => new Promise(() => {}) }).close()
  notes.push(
    `openCore on the main thread: ${fmt(openCoreMs)} after the check in a worker thread, ${fmt(performance.now() - started)} checking the file itself`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(
  `\n${size.toLocaleString('en')} stories (targets: main thread blocked ≤ 50 ms at a time, search answers ≤ 1 s after open, rebuild ≤ 500 MB)\n`,
)
console.log('| phase | time | longest main-thread block | p99 event-loop delay | peak RSS |\n| --- | --- | --- | --- | --- |')
console.log(rows.join('\n'))
console.log(`\n${notes.join('\n')}`)
