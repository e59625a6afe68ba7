/**
 * `npm run bench:ui [-- --size 10000 --loads 5 --book pdf|html --no-open]`: what a user of browser mode
 * feels on a big library, measured, not asserted. The npm script builds first; this then generates (or
 * reuses, see ui-data.ts) a library, starts `out/main/web.js` on a copy of it with ui-loop-probe.mjs
 * watching the server's event loop, drives Chromium through playwright-core with ui-page-probe.mjs in
 * every page, runs bench:open for row 4 (unless --no-open), and prints a Markdown table of the issue-12
 * targets. Progress goes to stderr, the table to stdout. About 3–4 minutes on 2 busy cores.
 */
import { execFileSync, fork, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import type { ApiInput, ApiMethod, ApiResponse, ApiResult } from '../../electron/core/api'
import type { JobState } from '../../electron/core/jobs/job-state'
import { locateChromium } from '../../electron/core/book/chromium-locator'
import { openBrowser, startWebApp, type WebApp } from '../e2e/browser-mode'
import { benchData, BOOK_YEAR, CSV_MARKER, runCopy } from './ui-data'

const ROOT = resolve(import.meta.dirname, '../..')
const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback
}
const SIZE = Number(option('size', '10000'))
const LOADS = Number(option('loads', '5'))
const BOOK_FORMAT = option('book', 'pdf') as 'pdf' | 'html'
/** Typed a character at a time, each keystroke waited out: the plain, prefix and Nordic queries of the search bench. */
const TYPED = ['refund', 'wedding shoes', 'kunderne', 'leveransen', 'blommor', 'courier late']
const KEYSTROKE_TIMEOUT_MS = 3000
/** Between a keystroke's results and the next key: a typist's pace (5 keys a second), not a burst. */
const PAUSE_MS = 200
/** A fast typist's burst, for the last-key-of-a-word figure (the search may wait for the burst to end). */
const TYPING_DELAY_MS = 60

const log = (line: string) => console.error(line)
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

// The server ------------------------------------------------------------------------------------

/** Calls whose connection the server reset (seen after long blocks), each asked again. */
let resets = 0
/** Calls that change no stories, so asking twice does no harm; the rest (starting a job) are not asked again. */
const REPEATABLE: ApiMethod[] = [
  'jobs.get',
  'search.query',
  'book.plan',
  'library.info',
  'exchange.previewPack',
  'exchange.closePreview',
  'exchange.csvPreview',
  'exchange.csvCheck',
]

/** A call to browser mode's HTTP API from this process, as the page's bridge makes it; a refusal throws. */
async function call<M extends ApiMethod>(app: WebApp, method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
  let response: Response
  try {
    response = await fetch(`${new URL(app.url).origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-culture-token': app.token },
      body: JSON.stringify(input),
    })
  } catch (err) {
    const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code
    if (code !== 'ECONNRESET' || !REPEATABLE.includes(method)) throw err
    resets++
    log(`${method}: the connection was reset; asking again`)
    return call(app, method, input)
  }
  const body = (await response.json()) as ApiResponse<ApiResult<M>>
  if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`)
  return body.value
}

/** Waits for a job to end; one that fails or is cancelled throws. */
async function finished<R>(app: WebApp, job: JobState<R>): Promise<JobState<R>> {
  let state = job
  while (state.state === 'running') {
    await sleep(250)
    state = (await call(app, 'jobs.get', { id: job.id })) as JobState<R>
  }
  if (state.state !== 'done') throw new Error(`job ${job.kind} ended ${state.state}: ${state.error?.code ?? ''}`)
  return state
}

/** Asks the probe in the server (ui-loop-probe.mjs) and waits for its answer. */
function probe(app: WebApp, message: 'reset' | 'read'): Promise<{ maxMs: number; p99Ms: number; busyMs: number | null }> {
  return new Promise((done) => {
    app.process.once('message', (answer) => done(answer as { maxMs: number; p99Ms: number; busyMs: number | null }))
    app.process.send(message)
  })
}

interface Blocked {
  maxMs: number
  tookMs: number
  /** The longest another client waited meanwhile for the answer to a small call. */
  waitedMs: number
  note: string
}

/**
 * Another client asks something small every 100 ms, from a process of its own (ui-pinger.mjs), until
 * `stop` says so; resolves to its longest wait.
 */
function pinging(app: WebApp, stop: { now: boolean }): Promise<number> {
  const pinger = fork(join(import.meta.dirname, 'ui-pinger.mjs'), [new URL(app.url).origin, app.token], { stdio: 'inherit' })
  return new Promise((done, fail) => {
    pinger.once('message', (answer) => done((answer as { longest: number }).longest))
    pinger.once('error', fail)
    const poll = setInterval(() => {
      if (!stop.now) return
      clearInterval(poll)
      pinger.send('stop')
    }, 20)
  })
}

/** The server's longest event-loop block while `work` runs (after a quiet second, so nothing earlier counts). */
async function blockedDuring(app: WebApp, what: string, work: () => Promise<string>): Promise<Blocked> {
  await sleep(1000)
  await probe(app, 'reset')
  const stop = { now: false }
  const pings = pinging(app, stop)
  const start = performance.now()
  const note = await work()
  const tookMs = performance.now() - start
  stop.now = true
  const waitedMs = await pings
  const { maxMs, busyMs } = await probe(app, 'read')
  log(`${what}: longest block ${fmt(maxMs)} in ${seconds(tookMs)}, another call waited up to ${fmt(waitedMs)} (${note})`)
  // What the main thread itself spent in one block: the rest of a longer block was a wait for a core.
  const cpu = busyMs === null ? '' : `; the server's own CPU in one block at most ${fmt(busyMs)}`
  return { maxMs, tookMs, waitedMs, note: note + cpu }
}

async function searchAnswers(app: WebApp, text: string, timeoutMs: number): Promise<number> {
  const start = performance.now()
  for (;;) {
    const { total } = await call(app, 'search.query', { text, limit: 1 })
    if (total > 0) return performance.now() - start
    if (performance.now() - start > timeoutMs) throw new Error(`search found no "${text}" within ${seconds(timeoutMs)}`)
    await sleep(250)
  }
}

// The page --------------------------------------------------------------------------------------

interface PageBench {
  longTasks: number[]
  listVisibleAt: number | null
  search: { keyAt: number | null; shownAt: number | null; viaFallback: boolean; overwritten: boolean } | null
}
const benchOf = (page: Page) => page.evaluate(() => (window as unknown as { __bench: PageBench }).__bench)

interface Loads {
  visible: number[]
  firstPaint: number[]
  longTasks: number[]
}

async function storyListLoads(context: import('playwright-core').BrowserContext, url: string): Promise<Loads> {
  const result: Loads = { visible: [], firstPaint: [], longTasks: [] }
  for (let i = 0; i < LOADS; i++) {
    const page = await context.newPage()
    await page.goto(url)
    await page.waitForFunction(() => (window as unknown as { __bench: PageBench }).__bench.listVisibleAt !== null, null, {
      timeout: 60_000,
    })
    // Long tasks that follow the first rows (the rest of the list) still count against the page.
    await sleep(1000)
    const bench = await benchOf(page)
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN)
    result.visible.push(bench.listVisibleAt!)
    result.firstPaint.push(paint)
    result.longTasks.push(...bench.longTasks)
    log(`load ${i + 1}: first story row on screen after ${fmt(bench.listVisibleAt!)} (first paint ${fmt(paint)})`)
    await page.close()
  }
  return result
}

interface Keystrokes {
  /** Each keystroke typed and waited out. */
  times: number[]
  /** The last keystroke of each query typed at TYPING_DELAY_MS a key. */
  typed: number[]
  missed: number
  fallback: number
  overwritten: number
  longTasks: number[]
}

/** Types `key`, which makes the box read `text`; the ms until the page shows its results, or null if it never does. */
async function keystroke(page: Page, text: string, key: string, result: Keystrokes): Promise<number | null> {
  await page.evaluate((t) => (window as unknown as { __bench: { armSearch(t: string): void } }).__bench.armSearch(t), text)
  await page.keyboard.type(key)
  try {
    await page.waitForFunction(() => (window as unknown as { __bench: PageBench }).__bench.search?.shownAt != null, null, {
      timeout: KEYSTROKE_TIMEOUT_MS,
    })
  } catch {
    result.missed++
    const seen = await page.evaluate(() => {
      const bench = (window as unknown as { __bench: { search: Record<string, unknown>; firstStoryLink(): string | null } }).__bench
      return { answered: bench.search.answerAt !== null, firstResult: bench.search.firstId, firstOnPage: bench.firstStoryLink() }
    })
    log(`"${text}": no results for it on screen within ${KEYSTROKE_TIMEOUT_MS} ms (${JSON.stringify(seen)})`)
    return null
  }
  const s = (await benchOf(page)).search!
  if (s.viaFallback) result.fallback++
  return s.shownAt! - s.keyAt!
}

async function typeQueries(context: import('playwright-core').BrowserContext, url: string): Promise<Keystrokes> {
  const result: Keystrokes = { times: [], typed: [], missed: 0, fallback: 0, overwritten: 0, longTasks: [] }
  const page = await context.newPage()
  await page.goto(`${url}#/search`)
  const box = page.getByTestId('search-input')
  await box.waitFor()
  await sleep(1000)
  const overwritten = async () => {
    // The probe watches a second after the results showed for an older answer taking their place.
    await sleep(1100)
    if ((await benchOf(page)).search?.overwritten) result.overwritten++
  }
  for (const query of TYPED) {
    await box.fill('')
    await sleep(300)
    await box.focus()
    const times: string[] = []
    for (let n = 1; n <= query.length; n++) {
      const ms = await keystroke(page, query.slice(0, n), query[n - 1], result)
      if (ms !== null) result.times.push(ms)
      times.push(ms === null ? 'never' : fmt(ms))
      await sleep(PAUSE_MS)
    }
    await overwritten()
    log(`typed "${query}" a key at a time, ${PAUSE_MS} ms after each one's results: ${times.join(', ')}`)
  }
  for (const query of TYPED) {
    await box.fill('')
    await sleep(300)
    await box.focus()
    await page.keyboard.type(query.slice(0, -1), { delay: TYPING_DELAY_MS })
    await sleep(TYPING_DELAY_MS)
    const ms = await keystroke(page, query, query.slice(-1), result)
    if (ms !== null) result.typed.push(ms)
    await overwritten()
    log(`typed "${query}" at ${TYPING_DELAY_MS} ms a key: results ${ms === null ? 'never shown' : `${fmt(ms)} after the last key`}`)
  }
  result.longTasks.push(...(await benchOf(page)).longTasks)
  await page.close()
  return result
}

/**
 * Row 4 is bench:open's (tests/bench/search-open.ts): run here, after the rest, when it is there; its
 * longest blocks while the library opens and while a rebuild finishes are read from its table.
 */
function openBench(): { row: string; output: string } {
  const script = 'tests/bench/search-open.ts'
  if (!existsSync(join(ROOT, script)) || process.argv.includes('--no-open'))
    return { row: `see \`npm run bench:open\` (${script})`, output: '' }
  log('running npm run bench:open …')
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (run.status !== 0) return { row: `\`npm run bench:open\` failed (exit ${run.status})`, output: run.stdout }
  const block = (phase: RegExp) => new RegExp(`^\\|\\s*${phase.source}[^|]*\\|[^|]*\\|\\s*([^|]+?)\\s*\\|`, 'im').exec(run.stdout)?.[1]
  const opened = block(/open with the saved index/)
  const rebuilt = block(/background rebuild/)
  return {
    row: opened && rebuilt ? `open ${opened}, rebuild ${rebuilt} (bench:open, below)` : 'see bench:open, below',
    output: run.stdout.trim(),
  }
}

// The run ---------------------------------------------------------------------------------------

function commitLine(): string {
  try {
    const head = execFileSync('git', ['log', '-1', '--format=%h %cI'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim()
    return `${head}${dirty ? ' (the build included uncommitted changes)' : ''}`
  } catch {
    return 'unknown'
  }
}

const data = benchData(SIZE, log)
const runDir = mkdtempSync(join(tmpdir(), 'culture-book-bench-ui-run-'))
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')
let app: WebApp | undefined
let browser: Awaited<ReturnType<typeof openBrowser>> | undefined
try {
  const library = await runCopy(data, runDir)
  app = await startWebApp(
    ['--library', library, '--export-dir', join(runDir, 'exports')],
    { XDG_CONFIG_HOME: join(runDir, 'config'), CULTURE_BENCH_LOOP_PROBE: '1' },
    { execArgv: ['--import', pathToFileURL(join(import.meta.dirname, 'ui-loop-probe.mjs')).href], ipc: true },
  )
  await searchAnswers(app, 'refund', 120_000)
  log(`browser mode is up on ${SIZE.toLocaleString('en')} stories: ${app.url}`)

  browser = await openBrowser()
  await browser.context.addInitScript({ path: join(import.meta.dirname, 'ui-page-probe.mjs') })
  const { product } = await (await browser.context.newCDPSession(browser.page)).send('Browser.getVersion')
  const chromium = `${product} (${(await locateChromium()).description})`

  const loads = await storyListLoads(browser.context, app.url)
  const keys = await typeQueries(browser.context, app.url)
  await browser.close()
  browser = undefined

  const pack = readFileSync(data.pack)
  const packPreview = await blockedDuring(app, 'pack preview', async () => {
    const preview = await call(app!, 'exchange.previewPack', { base64: pack.toString('base64') })
    const summary = `${(pack.length / 1e6).toFixed(0)} MB: ${preview.fresh.length.toLocaleString('en')} new stories, ${preview.conflicts.length.toLocaleString('en')} conflicts`
    await call(app!, 'exchange.closePreview', { previewId: preview.previewId })
    return summary
  })
  const book = await blockedDuring(app, `book export (${BOOK_FORMAT})`, async () => {
    const plan = await call(app!, 'book.plan', { year: BOOK_YEAR })
    await finished(app!, await call(app!, 'book.export', { year: BOOK_YEAR, format: BOOK_FORMAT }))
    return `${BOOK_FORMAT.toUpperCase()}, ${plan.storyCount.toLocaleString('en')} stories`
  })
  const csvBytes = readFileSync(data.csv)
  let imported = 0
  const csvImport = await blockedDuring(app, 'CSV import', async () => {
    const preview = await call(app!, 'exchange.csvPreview', { base64: csvBytes.toString('base64') })
    const mapping = { previewId: preview.previewId, mapping: preview.suggested, defaultStatus: 'submitted' as const }
    await call(app!, 'exchange.csvCheck', mapping)
    const done = await finished(app!, await call(app!, 'exchange.csvImport', mapping))
    imported = done.result!.ok
    return `${(csvBytes.length / 1e6).toFixed(0)} MB, ${imported.toLocaleString('en')} new stories`
  })
  // The import is indexed in the background: the rest of its cost, until search finds it.
  const indexed = await blockedDuring(app, 'indexing the import', async () => {
    const took = await searchAnswers(app!, CSV_MARKER, 240_000)
    return `searchable ${seconds(took)} after the import ended`
  })

  const longTask = Math.max(0, ...loads.longTasks, ...keys.longTasks)
  const sorted = [...keys.times].sort((a, b) => a - b)
  const verdict = (ms: number, target: number) => (ms <= target ? 'met' : 'missed')
  await app.stop()
  app = undefined
  const opening = openBench()
  const rows = [
    [
      `story list visible after load, ${SIZE.toLocaleString('en')}-story library`,
      '≤ 300 ms',
      `median ${fmt(median(loads.visible))}, max ${fmt(Math.max(...loads.visible))} (${LOADS} load${LOADS === 1 ? '' : 's'}; first paint median ${fmt(median(loads.firstPaint))})`,
      verdict(median(loads.visible), 300),
    ],
    [
      `keystroke to results on screen, ${SIZE.toLocaleString('en')} stories, p95`,
      '≤ 50 ms',
      `p50 ${fmt(quantile(sorted, 0.5))}, p95 ${fmt(quantile(sorted, 0.95))} (${sorted.length} keystrokes${keys.missed ? `, ${keys.missed} never showed` : ''})`,
      verdict(quantile(sorted, 0.95), 50) + (keys.missed ? ' (some missed)' : ''),
    ],
    [
      `… typing at ${TYPING_DELAY_MS} ms a key: last key to results`,
      '—',
      `median ${fmt(median(keys.typed))}, max ${fmt(Math.max(...keys.typed))} (${keys.typed.length} queries); an older answer overwrote a newer one ${keys.overwritten} times`,
      keys.overwritten ? 'stale results shown' : '',
    ],
    [
      'longest event-loop block in the server during a 32 MB pack preview',
      '≤ 50 ms',
      `${fmt(packPreview.maxMs)} (${packPreview.note}; took ${seconds(packPreview.tookMs)}; a call meanwhile waited up to ${fmt(packPreview.waitedMs)})`,
      verdict(packPreview.maxMs, 50),
    ],
    [
      `… during a book export of ${Math.ceil(SIZE / 4).toLocaleString('en')} stories`,
      '≤ 50 ms',
      `${fmt(book.maxMs)} (${book.note}; took ${seconds(book.tookMs)}; a call meanwhile waited up to ${fmt(book.waitedMs)})`,
      verdict(book.maxMs, 50),
    ],
    [
      '… during a 50 MB CSV import',
      '≤ 50 ms',
      `${fmt(csvImport.maxMs)} (${csvImport.note}; preview, check and import took ${seconds(csvImport.tookMs)}; a call meanwhile waited up to ${fmt(csvImport.waitedMs)})`,
      verdict(csvImport.maxMs, 50),
    ],
    [
      '… then while the import is indexed',
      '—',
      `${fmt(indexed.maxMs)} (${indexed.note}; a call meanwhile waited up to ${fmt(indexed.waitedMs)})`,
      '',
    ],
    ['longest main-thread block while a library opens and while a rebuild finishes, 50,000 stories', '≤ 50 ms', opening.row, ''],
    ['longest browser long task during the loads and the typing', '—', fmt(longTask), ''],
  ]
  const lines = ['| measure | target | measured | |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)]
  console.log(lines.join('\n'))
  console.log(
    `\n${cpus().length} cores (${cpus()[0]?.model.trim()}), load average ${load} at the start; Node ${process.version}; ${chromium}; commit ${commitLine()}.` +
      ` The server's event-loop delay is sampled every 10 ms. Keystroke p50/p95: six queries typed a key at a time, each key's results waited for, then ${PAUSE_MS} ms to the next key; results count as shown in the frame after the first story link on the page is the first result of the answer for exactly that text.` +
      (keys.fallback
        ? ` ${keys.fallback} keystrokes changed nothing on screen (same results): timed to the frame after their answer.`
        : '') +
      (resets ? ` The server reset ${resets} connections of the bench's calls (each asked again).` : ''),
  )
  if (opening.output)
    console.log(`\nRow 4, from \`npm run bench:open\` (tests/bench/search-open.ts), run after the rest:\n${opening.output}`)
} finally {
  await browser?.close()
  await app?.stop()
  rmSync(runDir, { recursive: true, force: true })
}
