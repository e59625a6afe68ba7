/**
 * Opening a big library as the app does: how long the main thread is blocked while the saved search
 * index loads and while a background rebuild finishes, how soon search answers, and the memory a
 * rebuild takes. Run with `npm run bench:open [-- --size 50000]`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { checkLibraryFile } from '../../electron/core/library/library-check'
import { workerRebuild } from '../../electron/core/search/worker-rebuild'
import { writeLibraryApart } from './bench-library'
import { mainThreadCpu } from './thread-cpu.mjs'

const sizeArg = process.argv.indexOf('--size')
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 50_000
// Under tsx the workers run from their TypeScript sources (startWorker registers tsx in the thread).
const workerPath = resolve('electron/core/search/rebuild-worker.ts')
const libraryWorker = resolve('electron/core/library/library-worker.ts')

const tick = () => new Promise((r) => setTimeout(r, 20))

interface Measured {
  ms: number
  maxBlock: number
  /** The most CPU the main thread spent between two 2 ms timer turns: its longest block of work. */
  maxBusy: number | null
  p99: number
  peakRss: number
}

/** Runs `work`, sampling the event loop every 2 ms and the process's memory every 25 ms. */
async function measured<T>(work: () => Promise<T>): Promise<Measured & { result: T }> {
  const histogram = monitorEventLoopDelay({ resolution: 2 })
  let peakRss = process.memoryUsage.rss()
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25)
  let lastCpu = mainThreadCpu()
  let maxBusy = lastCpu === null ? null : 0
  const turns = setInterval(() => {
    const cpu = mainThreadCpu()
    if (cpu !== null && lastCpu !== null && maxBusy !== null) maxBusy = Math.max(maxBusy, cpu - lastCpu)
    lastCpu = cpu
  }, 2)
  histogram.enable()
  const start = performance.now()
  const result = await work()
  const ms = performance.now() - start
  // The last block is only recorded once the loop turns again.
  await tick()
  await tick()
  histogram.disable()
  clearInterval(sampler)
  clearInterval(turns)
  return { result, ms, maxBlock: histogram.max / 1e6, maxBusy, p99: histogram.percentile(99) / 1e6, peakRss: peakRss / 2 ** 20 }
}

/** Resolves when a search for a word every library has answers completely (no `indexing` hint). */
async function searchAnswers(core: CultureCore): Promise<void> {
  const response = await core.search.query('refund', {}, 0, 10)
  if (response.total === 0 || response.hints.some((h) => h.code === 'indexing')) throw new Error('search did not answer fully')
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const row = (phase: string, m: Measured) =>
  `| ${phase} | ${fmt(m.ms)} | ${fmt(m.maxBlock)} | ${fmt(m.p99)} | ${m.peakRss.toFixed(0)} MB | ${m.maxBusy === null ? '—' : `${fmt(m.maxBusy)}`} |`

interface PhaseResult {
  rows: string[]
  notes: string[]
}

/** The app's first start on the library: no saved index yet; the worker builds it and saves it. */
async function firstStart(file: string): Promise<PhaseResult> {
  const first = await measured(async () => {
    const core = openCore(file, {
      checked: await checkLibraryFile(libraryWorker, file),
      libraryWorker,
      rebuildSearch: workerRebuild(workerPath, file),
    })
    await core.search.idle()
    return core
  })
  first.result.close()
  return { rows: [row('first open, full build in the worker', first)], notes: [] }
}

/** A later start, as the shells open it (the integrity check in a worker thread first), then a background rebuild. */
async function laterStart(file: string): Promise<PhaseResult> {
  let core: CultureCore | null = null
  let openCoreMs = 0
  const open = await measured(async () => {
    const checked = await checkLibraryFile(libraryWorker, file)
    const started = performance.now()
    core = openCore(file, { checked, libraryWorker, rebuildSearch: workerRebuild(workerPath, file) })
    openCoreMs = performance.now() - started
    await searchAnswers(core)
  })
  const rebuild = await measured(async () => {
    await core!.search.scheduleRebuild()
    await searchAnswers(core!)
  })
  core!.close()
  // For comparison: openCore checking the file itself, as tests and tools do.
  const started = performance.now()
  openCore(file, { rebuildSearch: () => new Promise(() => {}) }).close()
  return {
    rows: [row('open with the saved index until search answers', open), row('background rebuild until it is loaded and saved', rebuild)],
    notes: [
      `openCore on the main thread: ${fmt(openCoreMs)} after the check in a worker thread, ${fmt(performance.now() - started)} checking the file itself`,
    ],
  }
}

const PHASES = { first: firstStart, later: laterStart }

/** Runs a phase in a process of its own, as the app starts afresh: no earlier phase's heap counts in its memory. */
function runApart(phase: keyof typeof PHASES, file: string): PhaseResult {
  const script = fileURLToPath(import.meta.url)
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--phase', phase, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (run.status !== 0) throw new Error(`The ${phase} phase failed (exit ${run.status}).`)
  return JSON.parse(run.stdout) as PhaseResult
}

const phaseArg = process.argv.indexOf('--phase')
if (phaseArg > 0) {
  const phase = process.argv[phaseArg + 1] as keyof typeof PHASES
  console.log(JSON.stringify(await PHASES[phase](process.argv[phaseArg + 2])))
  process.exit(0)
}

const dir = mkdtempSync(join(tmpdir(), 'culture-book-open-'))
const file = join(dir, 'library.sqlite')
const results: PhaseResult[] = []
try {
  writeLibraryApart(file, size)
  console.error(`library of ${size} stories written`)
  results.push(runApart('first', file))
  console.error('first build done')
  results.push(runApart('later', file))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(
  `\n${size.toLocaleString('en')} stories (targets: main thread blocked ≤ 50 ms at a time, search answers ≤ 1 s after open, rebuild ≤ 500 MB)\n`,
)
console.log(
  '| phase | time | longest main-thread block | p99 event-loop delay | peak RSS | most main-thread CPU in one block |\n| --- | --- | --- | --- | --- | --- |',
)
console.log(results.flatMap((r) => r.rows).join('\n'))
console.log(
  `\nEach start runs in a process of its own. The last column is the CPU the main thread itself spent in one block (10 ms ticks): a longer block than that waited for a core, which other processes held.\n${results.flatMap((r) => r.notes).join('\n')}`,
)
