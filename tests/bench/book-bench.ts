/**
 * `npm run bench:book [-- --sizes 100,300,600]`
 * Builds books from a seeded generator and prints pages and seconds per phase, next to a single
 * plain native print of the same HTML (the floor: what Chromium needs to lay out and print once).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { exportBook } from '../../electron/core/book/book-export'
import { fontFaceCss, fontFile } from '../../electron/core/book/book-fonts'
import { renderBook } from '../../electron/core/book/book-renderer'
import { locateChromium } from '../../electron/core/book/chromium-locator'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { openCore } from '../../electron/core/culture-core'
import { makeCorpus } from './search-corpus'

const sizesArg = process.argv[process.argv.indexOf('--sizes') + 1]
const sizes = (process.argv.includes('--sizes') ? sizesArg : '100,300,600').split(',').map(Number)
const chromium = await locateChromium()
console.log(`Printing with ${chromium.description}`)
const printer = chromiumPrinter(chromium)
const rows: string[] = []

/** Memory of this process and every process it started (Chromium's), from /proc; this process alone elsewhere. */
function treeMemory(pid = process.pid): number {
  try {
    // Proportional: Chromium's processes share most of their pages, which a sum of resident sizes counts again for each.
    const rss = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)
    return rss + children.reduce((sum, child) => sum + treeMemory(child), 0)
  } catch {
    return pid === process.pid ? process.memoryUsage().rss : 0
  }
}

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'culture-book-bench-'))
  const core = openCore(join(dir, 'library.sqlite'))
  const values = core.values.list().map((v) => ({ id: v.id, name: v.name }))
  // Book-like lengths: 150–450 words; the search corpus generator gives 120–400, so pad a little.
  const corpus = makeCorpus(size, values, 7).map((s) => ({
    ...s,
    body: `${s.body} ${s.body.split(' ').slice(0, 40).join(' ')}`,
    happenedOn: `2026${s.happenedOn.slice(4)}`,
  }))
  const insert = core.db.prepare(
    `INSERT INTO stories (id, title, body, author, team, customer_context, happened_on, primary_value_id, status, language, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?, '2026-01-01', '2026-01-01')`,
  )
  const tag = core.db.prepare('INSERT INTO story_values (story_id, value_id) VALUES (?, ?)')
  core.db.transaction(() => {
    for (const s of corpus) {
      insert.run(s.id, s.title, s.body, s.author, s.team, s.customerContext, s.happenedOn, s.primaryValueId, s.language)
      for (const id of s.valueIds) tag.run(s.id, id)
    }
  })()

  let start = performance.now()
  const model = core.books.model(2026)
  const composeMs = performance.now() - start
  const peak = { rss: 0 }
  const sampler = setInterval(() => (peak.rss = Math.max(peak.rss, treeMemory())), 50)
  start = performance.now()
  const result = await exportBook(model, { format: 'pdf', outPath: join(dir, 'book.pdf'), printer })
  const totalMs = performance.now() - start
  clearInterval(sampler)

  // The floor: the same HTML, loaded and printed once.
  const html = renderBook(model, { fontCss: fontFaceCss(), cover: false }).html
  const floorPeak = { rss: 0 }
  const floorSampler = setInterval(() => (floorPeak.rss = Math.max(floorPeak.rss, treeMemory())), 50)
  start = performance.now()
  const session = await printer.open(html, fontFile)
  await session.print()
  await session.close()
  const floorMs = performance.now() - start
  clearInterval(floorSampler)

  const t = result.timings
  // Each print with the numbering of the loaded book before it (the first print's load is the column before).
  const prints = Object.keys(t)
    .filter((k) => k.startsWith('print-'))
    .map((k) => ((t[k] + (t[k.replace('print-', 'number-')] ?? 0)) / 1000).toFixed(1))
  rows.push(
    `| ${size} | ${result.pages} | ${(composeMs / 1000).toFixed(2)} s | ${((t.compose + t.load) / 1000).toFixed(1)} s | ${prints.join(' + ')} s | ${(totalMs / 1000).toFixed(1)} s | ${(floorMs / 1000).toFixed(1)} s | ${(totalMs / floorMs).toFixed(2)}× | ${(peak.rss / 1e6).toFixed(0)} MB (floor ${(floorPeak.rss / 1e6).toFixed(0)} MB) |`,
  )
  console.error(`done: ${size} stories`, JSON.stringify(t), `floor ${Math.round(floorMs)} ms`)
  core.close()
  rmSync(dir, { recursive: true, force: true })
}
console.log(
  '| stories | pages | compose model | render + load | prints (layout + numbered) | total export | floor: one plain print | export / floor | peak memory (process tree) |',
)
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
console.log(rows.join('\n'))
