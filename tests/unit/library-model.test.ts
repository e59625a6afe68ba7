/**
 * Model-based test of the safety nets: random sequences of what a team lead does (write, edit, trash,
 * back up, export and re-import packs and CSV, restore, reopen), run against the real core on a real
 * library file, with the real clock and with a clock that jumps days. After every step the library
 * must equal the model, every listed backup must hold what the library held when it was taken, and
 * the backup list must equal the folder.
 *
 * CULTURE_MODEL_RUNS=200 (and CULTURE_MODEL_STEPS) run it longer than CI does.
 */
import Sqlite from 'better-sqlite3'
import fc from 'fast-check'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch, type Dispatch } from '../../electron/core/dispatch'
import { backupDir, listBackups } from '../../electron/core/library/backups'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyInput, tempDir } from './temp-library'

const RUNS = Number(process.env.CULTURE_MODEL_RUNS ?? 40)
const STEPS = Number(process.env.CULTURE_MODEL_STEPS ?? 30)
const DAY = 24 * 3600 * 1000
/** Backups a person made on purpose, or that guard a risky step, live at least this long. */
const PROTECTED_DAYS = 30

interface StoryModel {
  title: string
  body: string
  /** null: the model does not predict it (a story updated by a pack may come back from the trash or not). */
  trashed: boolean | null
  version: number
  ancestors: Set<number>
}

type Stories = Map<string, StoryModel>

const cloneStories = (s: Stories): Stories => new Map([...s].map(([id, m]) => [id, { ...m, ancestors: new Set(m.ancestors) }]))

interface PackModel {
  path: string
  stories: Map<string, { title: string; body: string; version: number; ancestors: Set<number> }>
}

interface CsvModel {
  path: string
  rows: Map<string, { title: string; body: string; version: number }>
}

interface Model {
  stories: Stories
  csvs: CsvModel[]
  /** What each backup must hold, by file name. */
  backups: Map<string, { stories: Stories; reason: string; takenAt: number }>
  packs: PackModel[]
  nextVersion: number
}

interface Real {
  dir: string
  libraryPath: string
  exportDir: string
  core: CultureCore
  call: Dispatch
}

async function ok<T>(real: Real, method: string, input: unknown): Promise<T> {
  const res = await real.call(method, input)
  if (!res.ok) throw new Error(`${method} failed: ${res.error.code} ${res.error.message}`)
  return res.value as T
}

async function finished<R>(real: Real, job: JobState<R>): Promise<R> {
  let state = job
  for (let i = 0; state.state === 'running'; i++) {
    if (i > 2000) throw new Error(`job ${job.kind} did not finish`)
    await new Promise((r) => setTimeout(r, 5))
    state = (await ok<JobState<R>>(real, 'jobs.get', { id: job.id })) as JobState<R>
  }
  if (state.state !== 'done') throw new Error(`job ${job.kind} ${state.state}: ${state.error?.message}`)
  return state.result as R
}

function open(real: Omit<Real, 'core' | 'call'>): Real {
  const core = openCore(real.libraryPath, { exportDir: real.exportDir })
  return { ...real, core, call: createDispatch(core) }
}

function libraryStories(db: Sqlite.Database) {
  return db.prepare('SELECT id, title, body, deleted_at FROM stories ORDER BY id').all() as {
    id: string
    title: string
    body: string
    deleted_at: string | null
  }[]
}

function expectStories(actual: ReturnType<typeof libraryStories>, model: Stories, where: string) {
  expect(actual.map((s) => s.id).sort(), `${where}: the same stories`).toEqual([...model.keys()].sort())
  for (const s of actual) {
    const m = model.get(s.id)!
    expect({ title: s.title, body: s.body }, `${where}: story ${s.id}`).toEqual({ title: m.title, body: m.body })
    if (m.trashed !== null) expect(s.deleted_at !== null, `${where}: trashed ${s.id}`).toBe(m.trashed)
  }
}

/** Everything a step must leave true. */
function checkInvariants(model: Model, real: Real) {
  expectStories(libraryStories(real.core.db), model.stories, 'library')
  const listed = listBackups(real.libraryPath)
  const folder = backupDir(real.libraryPath)
  const onDisk = (existsSync(folder) ? readdirSync(folder) : []).filter((n) => n.endsWith('.sqlite'))
  expect(listed.map((b) => b.name).sort(), 'the backup list equals the folder').toEqual(onDisk.sort())
  for (const b of listed) {
    const expected = model.backups.get(b.name)
    expect(expected, `backup ${b.name} was taken by a step the model knows`).toBeDefined()
    const db = new Sqlite(b.path, { readonly: true, fileMustExist: true })
    try {
      expect(db.pragma('quick_check', { simple: true })).toBe('ok')
      expectStories(libraryStories(db), expected!.stories, `backup ${b.name}`)
    } finally {
      db.close()
    }
  }
  const names = new Set(listed.map((b) => b.name))
  for (const [name, b] of model.backups) {
    if (names.has(name)) continue
    expect(
      b.reason === 'daily' || Date.now() - b.takenAt >= PROTECTED_DAYS * DAY,
      `${b.reason} backup ${name} was deleted within ${PROTECTED_DAYS} days`,
    ).toBe(true)
    model.backups.delete(name)
  }
}

/** Backups that appeared during a step hold the state from before it (equal to after it for a plain backup). */
function adoptNewBackups(model: Model, real: Real, before: Stories) {
  for (const b of listBackups(real.libraryPath)) {
    if (!model.backups.has(b.name)) model.backups.set(b.name, { stories: cloneStories(before), reason: b.reason, takenAt: Date.now() })
  }
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_m: Readonly<Model>): boolean {
    return true
  }
  protected abstract act(model: Model, real: Real): Promise<void>
  async run(model: Model, real: Real): Promise<void> {
    const before = cloneStories(model.stories)
    await this.act(model, real)
    adoptNewBackups(model, real, before)
    checkInvariants(model, real)
  }
  abstract toString(): string
}

const live = (m: Readonly<Model>) => [...m.stories].filter(([, s]) => s.trashed === false).map(([id]) => id)

class Create extends Step {
  constructor(private n: number) {
    super()
  }
  async act(model: Model, real: Real) {
    const title = `Story ${this.n}-${model.nextVersion}`
    const story = await ok<{ id: string }>(real, 'stories.create', { fields: storyInput(real.core, { title }), status: 'draft' })
    model.stories.set(story.id, {
      title,
      body: storyInput(real.core).body,
      trashed: false,
      version: model.nextVersion++,
      ancestors: new Set(),
    })
  }
  toString() {
    return `create(${this.n})`
  }
}

class Edit extends Step {
  constructor(private pick: number) {
    super()
  }
  check(m: Readonly<Model>) {
    return live(m).length > 0
  }
  async act(model: Model, real: Real) {
    const ids = live(model)
    const id = ids[this.pick % ids.length]
    const s = model.stories.get(id)!
    const title = `${s.title.split(' ·')[0]} · edit ${model.nextVersion}`
    const current = real.core.stories.get(id)
    const { title: _t, ...rest } = storyInput(real.core)
    await ok(real, 'stories.update', {
      id,
      fields: { ...rest, title, body: current.body, valueIds: current.valueIds, primaryValueId: current.primaryValueId },
    })
    s.ancestors.add(s.version)
    s.version = model.nextVersion++
    s.title = title
  }
  toString() {
    return `edit(${this.pick})`
  }
}

class Trash extends Step {
  constructor(private pick: number) {
    super()
  }
  check(m: Readonly<Model>) {
    return live(m).length > 0
  }
  async act(model: Model, real: Real) {
    const ids = live(model)
    const id = ids[this.pick % ids.length]
    await ok(real, 'stories.trash', { id })
    const s = model.stories.get(id)!
    s.trashed = true
    s.ancestors.add(s.version)
    s.version = model.nextVersion++
  }
  toString() {
    return `trash(${this.pick})`
  }
}

class BackUpNow extends Step {
  async act(_model: Model, real: Real) {
    await ok(real, 'library.backupNow', {})
  }
  toString() {
    return 'backUpNow'
  }
}

class ExportPack extends Step {
  check(m: Readonly<Model>) {
    return live(m).length > 0
  }
  async act(model: Model, real: Real) {
    const job = await ok<JobState<{ path: string }>>(real, 'exchange.exportPack', {})
    const { path } = await finished(real, job)
    const stories = new Map(
      live(model).map((id) => {
        const s = model.stories.get(id)!
        return [id, { title: s.title, body: s.body, version: s.version, ancestors: new Set(s.ancestors) }] as const
      }),
    )
    model.packs.push({ path, stories })
  }
  toString() {
    return 'exportPack'
  }
}

/** The lineage rule: an incoming version the library has moved past changes nothing; one that descends from ours updates it. */
class ImportPack extends Step {
  constructor(private pick: number) {
    super()
  }
  check(m: Readonly<Model>) {
    return m.packs.length > 0
  }
  async act(model: Model, real: Real) {
    const pack = model.packs[this.pick % model.packs.length]
    const base64 = readFileSync(pack.path).toString('base64')
    const preview = await ok<{ previewId: string; conflicts: { id: string }[] }>(real, 'exchange.previewPack', { base64 })
    const resolutions = Object.fromEntries(preview.conflicts.map((c) => [c.id, 'mine']))
    await finished(real, await ok<JobState>(real, 'exchange.applyPack', { previewId: preview.previewId, resolutions, valueMap: {} }))
    for (const [id, theirs] of pack.stories) {
      const mine = model.stories.get(id)
      if (!mine) {
        model.stories.set(id, { ...theirs, ancestors: new Set(theirs.ancestors), trashed: false })
      } else if (mine.title === theirs.title && mine.body === theirs.body) {
        // Unchanged whatever the lineage says.
      } else if (mine.version === theirs.version || mine.ancestors.has(theirs.version)) {
        // Older: skipped.
      } else if (theirs.ancestors.has(mine.version)) {
        Object.assign(mine, { title: theirs.title, body: theirs.body, version: theirs.version, trashed: null })
        mine.ancestors = new Set([...mine.ancestors, ...theirs.ancestors])
      } else {
        // A conflict kept as ours: we have now seen theirs.
        mine.ancestors.add(theirs.version)
        for (const a of theirs.ancestors) mine.ancestors.add(a)
      }
    }
    for (const s of model.stories.values()) if (s.trashed === null) s.trashed = false
    // Importing the same pack again changes nothing at all.
    const again = await ok<{ previewId: string; fresh: unknown[]; updated: unknown[]; conflicts: unknown[] }>(
      real,
      'exchange.previewPack',
      { base64 },
    )
    expect({ fresh: again.fresh.length, updated: again.updated.length, conflicts: again.conflicts.length }, 're-import').toEqual({
      fresh: 0,
      updated: 0,
      conflicts: 0,
    })
  }
  toString() {
    return `importPack(${this.pick})`
  }
}

class ExportCsv extends Step {
  check(m: Readonly<Model>) {
    return live(m).length > 0
  }
  async act(model: Model, real: Real) {
    const { path } = await finished(real, await ok<JobState<{ path: string }>>(real, 'exchange.csvExport', {}))
    const rows = new Map(live(model).map((id) => [id, { ...model.stories.get(id)! }] as const))
    model.csvs.push({ path, rows })
  }
  toString() {
    return 'exportCsv'
  }
}

/** A CSV row changes its story only if the story is still at the version the file was exported from. */
class ImportCsv extends Step {
  constructor(private pick: number) {
    super()
  }
  check(m: Readonly<Model>) {
    return m.csvs.length > 0
  }
  async act(model: Model, real: Real) {
    const csv = model.csvs[this.pick % model.csvs.length]
    const base64 = readFileSync(csv.path).toString('base64')
    const preview = await ok<{ previewId: string; suggested: object }>(real, 'exchange.csvPreview', { base64 })
    const started = await real.call('exchange.csvImport', {
      previewId: preview.previewId,
      mapping: preview.suggested,
      defaultStatus: 'draft',
    })
    let created = 0
    let unchanged = 0
    for (const [id, row] of csv.rows) {
      const mine = model.stories.get(id)
      if (!mine) {
        created++
        model.stories.set(id, { title: row.title, body: row.body, trashed: false, version: row.version, ancestors: new Set() })
      } else if (!mine.trashed && mine.title === row.title && mine.body === row.body) unchanged++
    }
    expect(started.ok).toBe(true)
    const outcome = await finished(real, (started as { value: JobState }).value).catch((err: Error) => err)
    // Every row refused (its story trashed, or changed since the export) is the one failure the model allows.
    if (outcome instanceof Error) {
      expect({ created, unchanged, message: outcome.message }).toEqual({
        created: 0,
        unchanged: 0,
        message: expect.stringMatching(/No row can be imported/),
      })
    }
  }
  toString() {
    return `importCsv(${this.pick})`
  }
}

class Restore extends Step {
  constructor(private pick: number) {
    super()
  }
  check(m: Readonly<Model>) {
    return m.backups.size > 0
  }
  async act(model: Model, real: Real) {
    const listed = listBackups(real.libraryPath)
    const chosen = listed[this.pick % listed.length]
    const before = cloneStories(model.stories)
    const expected = model.backups.get(chosen.name)!
    const result = await ok<{ safetyBackup: string }>(real, 'library.restore', { name: chosen.name, confirm: true })
    expect(result.safetyBackup).not.toBe(chosen.name)
    // The safety copy holds what was there before; the library now holds the backup.
    model.backups.set(result.safetyBackup, { stories: before, reason: 'before-restore', takenAt: Date.now() })
    model.stories = cloneStories(expected.stories)
    expect(
      listBackups(real.libraryPath).some((b) => b.name === chosen.name),
      'the restored backup is still there',
    ).toBe(true)
  }
  toString() {
    return `restore(${this.pick})`
  }
}

class Reopen extends Step {
  async act(_model: Model, real: Real) {
    real.core.close()
    const next = open(real)
    await next.core.ready
    Object.assign(real, { core: next.core, call: next.call })
  }
  toString() {
    return 'reopen'
  }
}

class JumpDays extends Step {
  constructor(private days: number) {
    super()
  }
  async act() {
    vi.setSystemTime(Date.now() + this.days * DAY)
  }
  toString() {
    return `jumpDays(${this.days})`
  }
}

const pick = fc.nat({ max: 1000 })
const everyday = [
  fc.integer({ min: 1, max: 99 }).map((n) => new Create(n)),
  pick.map((p) => new Edit(p)),
  pick.map((p) => new Trash(p)),
  fc.constant(new BackUpNow()),
  fc.constant(new ExportPack()),
  pick.map((p) => new ImportPack(p)),
  fc.constant(new ExportCsv()),
  pick.map((p) => new ImportCsv(p)),
  pick.map((p) => new Restore(p)),
  fc.constant(new Reopen()),
]

async function runModel(commands: Iterable<fc.AsyncCommand<Model, Real>>) {
  const dir = tempDir()
  const real = open({ dir, libraryPath: join(dir, 'library.sqlite'), exportDir: join(dir, 'exports') })
  const model: Model = { stories: new Map(), csvs: [], backups: new Map(), packs: [], nextVersion: 1 }
  try {
    // A library with a few stories already, so every step has something to act on.
    for (let n = 0; n < 3; n++) await new Create(n).run(model, real)
    await fc.asyncModelRun(() => ({ model, real }), commands)
    if (process.env.DEBUG_MODEL) console.log(String(commands))
  } finally {
    if (real.core.db.open) real.core.close()
  }
}

describe('the library under random sequences of everyday steps', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps every acknowledged edit and every backup, with the real clock', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(everyday, { maxCommands: STEPS, size: 'max' }), (cmds) => runModel(cmds)),
      { numRuns: RUNS },
    )
  }, 120_000)

  it('keeps them too when the clock jumps days between steps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands([...everyday, fc.integer({ min: 1, max: 40 }).map((d) => new JumpDays(d))], { maxCommands: STEPS, size: 'max' }),
        async (cmds) => {
          vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
          try {
            await runModel(cmds)
          } finally {
            vi.useRealTimers()
          }
        },
      ),
      { numRuns: RUNS },
    )
  }, 120_000)
})
