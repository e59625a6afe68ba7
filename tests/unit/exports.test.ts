import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { openDemoCore } from '../../electron/core/demo/demo-library'
import { createDispatch } from '../../electron/core/dispatch'
import { reserveExportName } from '../../electron/core/export-names'
import { localDate } from '../../electron/core/format-date'
import type { JobState } from '../../electron/core/jobs/job-state'
import { ownedTempDir, previewDir, removeOwnedTempDirs, sweepStaleTempDirs } from '../../electron/core/owned-temp'
import { DialogGrants, type PathPolicy } from '../../electron/core/path-policy'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempDir } from './temp-library'

const opened: CultureCore[] = []
afterEach(() => {
  while (opened.length) {
    const core = opened.pop()!
    if (core.db.open) core.close()
  }
})

/** A library with one approved story, exporting into its own folder (browser mode's policy unless told). */
function setup(pathPolicy?: PathPolicy) {
  const dir = tempDir()
  const exportDir = join(dir, 'exports')
  const core = openCore(join(dir, 'library.sqlite'), { exportDir, pathPolicy })
  opened.push(core)
  const story = core.stories.create(storyFields.parse(storyInput(core)), 'draft')
  core.stories.setStatus(story.id, 'approved')
  const dispatch = createDispatch(core)
  const call = async <R>(method: string, input: unknown = {}): Promise<ApiResponse<R>> => (await dispatch(method, input)) as ApiResponse<R>
  /** Starts a job and waits for its end. */
  const run = async <R>(method: string, input: unknown = {}): Promise<JobState<R>> => {
    const started = await call<JobState<R>>(method, input)
    if (!started.ok) throw new Error(started.error.message)
    for (;;) {
      const job = core.jobs.get(started.value.id) as JobState<R>
      if (job.state !== 'running') return job
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  return { dir, exportDir, core, call, run }
}

const pathOf = (job: JobState<{ path?: string; folder?: string }>) => job.result!.path ?? job.result!.folder!

/** The calendar day in a time zone, computed without the code under test. */
const dayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

describe('export file names (issue 9, defect 16)', () => {
  it('gives two packs, two CSVs and two Markdown folders on the same day two names, keeping the first', async () => {
    const { run } = setup()
    for (const method of ['exchange.exportPack', 'exchange.csvExport', 'exchange.markdownExport']) {
      const first = await run<{ path?: string; folder?: string }>(method)
      expect(first.state).toBe('done')
      const firstBytes = statSync(pathOf(first)).isFile() ? readFileSync(pathOf(first)) : readdirSync(pathOf(first))
      const second = await run<{ path?: string; folder?: string }>(method)
      expect(second.state).toBe('done')
      expect(pathOf(second)).not.toBe(pathOf(first))
      expect(basename(pathOf(first))).toContain(localDate())
      expect(basename(pathOf(second))).toMatch(/ \(2\)(\.\w+)?$/)
      expect(statSync(pathOf(first)).isFile() ? readFileSync(pathOf(first)) : readdirSync(pathOf(first))).toEqual(firstBytes)
    }
  })

  it('gives ten exports started at the same moment ten files', async () => {
    const { run, exportDir } = setup()
    const jobs = await Promise.all(Array.from({ length: 10 }, () => run<{ path: string }>('exchange.exportPack')))
    expect(jobs.every((j) => j.state === 'done')).toBe(true)
    expect(new Set(jobs.map(pathOf)).size).toBe(10)
    expect(readdirSync(exportDir).filter((f) => f.endsWith('.culturepack'))).toHaveLength(10)
  })

  it('claims a name on disk at once, so another process cannot take it; a failed export gives it back', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'book.pdf'), 'someone else’s')
    const mine = reserveExportName(dir, 'book', '.pdf')
    expect(basename(mine)).toBe('book (2).pdf')
    expect(basename(reserveExportName(dir, 'book', '.pdf'))).toBe('book (3).pdf')
    expect(readFileSync(join(dir, 'book.pdf'), 'utf8')).toBe('someone else’s')

    const { run, core, exportDir } = setup()
    core.stories.trash(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1 }).items[0].id)
    const failed = await run('exchange.exportPack')
    expect(failed).toMatchObject({ state: 'failed', error: { message: 'There are no stories to put in a pack.' } })
    expect(readdirSync(exportDir)).toEqual([])
  })

  it('names a book export without overwriting the last one', async () => {
    const { run } = setup()
    const first = await run<{ path: string }>('book.export', { year: 2025, format: 'html' })
    const second = await run<{ path: string }>('book.export', { year: 2025, format: 'html' })
    expect([basename(pathOf(first)), basename(pathOf(second))]).toEqual(['culture-book-2025.html', 'culture-book-2025 (2).html'])
  })

  it('dates names by the local calendar, not UTC’s', async () => {
    // UTC+14 and UTC−12: at any hour of the day one of them is on another date than UTC.
    const saved = process.env.TZ
    try {
      for (const zone of ['Etc/GMT-14', 'Etc/GMT+12']) {
        process.env.TZ = zone
        const { run, call } = setup()
        expect(basename(pathOf(await run('exchange.exportPack')))).toBe(`culture-book-stories-${dayIn(zone)}.culturepack`)
        const team = await call<{ fileName: string }>('training.teamCsv')
        expect(team.ok && team.value.fileName).toBe(`training-progress-${dayIn(zone)}.csv`)
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })
})

describe('paths a caller names (issue 9, defect 16)', () => {
  it('browser mode writes a book only inside the export folder: no outside path, no `..`, no link out', async () => {
    const { call, run, exportDir, dir } = setup()
    mkdirSync(exportDir, { recursive: true })
    const outside = join(dir, 'outside')
    mkdirSync(outside)
    symlinkSync(outside, join(exportDir, 'link-out'))
    for (const path of [join(outside, 'book.html'), `${exportDir}/../outside/book.html`, join(exportDir, 'link-out', 'book.html')]) {
      const res = await call('book.export', { year: 2025, format: 'html', path })
      expect(res).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
      expect(!res.ok && res.error.message).toContain('only reaches files inside the export folder')
    }
    expect(readdirSync(outside)).toEqual([])
    const inside = await run<{ path: string }>('book.export', { year: 2025, format: 'html', path: join(exportDir, 'mine.html') })
    expect(inside.state).toBe('done')
    expect(readFileSync(join(exportDir, 'mine.html'), 'utf8')).toContain('<html')
  })

  it('browser mode reads a Markdown folder only inside the export folder', async () => {
    const { call, run, exportDir, dir } = setup()
    const exported = pathOf(await run<{ folder: string }>('exchange.markdownExport'))
    const outside = join(dir, 'outside')
    mkdirSync(outside)
    writeFileSync(join(outside, 'story.md'), readFileSync(join(exported, readdirSync(exported)[0])))
    symlinkSync(outside, join(exportDir, 'link-out'))
    for (const folder of [outside, `${exportDir}/../outside`, join(exportDir, 'link-out'), '/etc']) {
      const res = await call('exchange.markdownPreview', { folder })
      expect(res).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
    }
    // Inside, by full path or by a name relative to the export folder.
    expect((await call('exchange.markdownPreview', { folder: exported })).ok).toBe(true)
    expect((await call('exchange.markdownPreview', { folder: basename(exported) })).ok).toBe(true)
  })

  it('the desktop app uses only paths the user picked in its dialog, a save once, a folder for a while', async () => {
    let now = Date.now()
    const grants = new DialogGrants(60_000, () => now)
    const { call, run, exportDir, dir } = setup(grants)
    const exported = pathOf(await run<{ folder: string }>('exchange.markdownExport'))
    const book = join(dir, 'chosen.html')

    expect(await call('book.export', { year: 2025, format: 'html', path: book })).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
    expect(await call('exchange.markdownPreview', { folder: exported })).toMatchObject({ ok: false, error: { kind: 'forbidden' } })

    grants.grant(book, 'write')
    grants.grant(exported, 'read')
    expect((await run('book.export', { year: 2025, format: 'html', path: book })).state).toBe('done')
    expect(existsSync(book)).toBe(true)
    expect(await call('book.export', { year: 2025, format: 'html', path: book })).toMatchObject({ ok: false })
    // A save grant is not a read grant, and a read grant is not a save grant.
    expect(await call('exchange.markdownPreview', { folder: dirname(book) })).toMatchObject({ ok: false })
    expect((await call('exchange.markdownPreview', { folder: exported })).ok).toBe(true)
    expect((await call('exchange.markdownPreview', { folder: exported })).ok).toBe(true)
    now += 61_000
    expect(await call('exchange.markdownPreview', { folder: exported })).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
    expect(readdirSync(exportDir)).toEqual([basename(exported)])
  })
})

describe('temp folders (issue 9, defect 16)', () => {
  it('removes the demo library and the book previews when the app exits', async () => {
    const demo = openDemoCore({ exportDir: join(tempDir(), 'exports') })
    opened.push(demo)
    const demoDir = dirname(demo.libraryPath)
    expect(basename(demoDir)).toMatch(new RegExp(`^culture-book-demo-${process.pid}-`))
    const { run } = setup()
    const preview = await run<{ path: string }>('book.export', { year: 2025, format: 'html', preview: true })
    expect(dirname(pathOf(preview))).toBe(previewDir())
    demo.close()
    removeOwnedTempDirs()
    expect(existsSync(demoDir)).toBe(false)
    expect(existsSync(pathOf(preview))).toBe(false)
  })

  it('sweeps only our folders left by runs that are gone, never a live run’s, a link or a stranger’s', () => {
    const tmp = tempDir()
    const alive = new Set([4242])
    const make = (name: string) => {
      mkdirSync(join(tmp, name))
      writeFileSync(join(tmp, name, 'demo-library.sqlite'), 'x')
      return name
    }
    const dead = make('culture-book-demo-999999-abcdef')
    const deadPreview = make('culture-book-preview-999998-ABC123')
    const live = make('culture-book-demo-4242-abcdef')
    const stranger = make('culture-book-demonstration')
    const someoneElse = make('other-demo-999999-abcdef')
    const target = make('keep-me')
    symlinkSync(join(tmp, target), join(tmp, 'culture-book-preview-999997-zzzzzz'))
    const removed = sweepStaleTempDirs(tmp, (pid) => alive.has(pid))
    expect(removed.map((p) => basename(p)).sort()).toEqual([dead, deadPreview].sort())
    expect(readdirSync(tmp).sort()).toEqual([live, stranger, someoneElse, target, 'culture-book-preview-999997-zzzzzz'].sort())
    expect(readdirSync(join(tmp, target))).toEqual(['demo-library.sqlite'])
    const ours = ownedTempDir('demo', tmp)
    expect(sweepStaleTempDirs(tmp, () => false)).not.toContain(ours)
    removeOwnedTempDirs()
    expect(existsSync(ours)).toBe(false)
  })
})
