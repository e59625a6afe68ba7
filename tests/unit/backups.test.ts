import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import type { ApiMethod, ApiResult } from '../../electron/core/api'
import { createDispatch } from '../../electron/core/dispatch'
import {
  backupDir,
  backupIfDue,
  listBackups,
  recoverFromNewestBackup,
  rotateBackups,
  takeBackup,
} from '../../electron/core/library/backups'
import { backupTag, readLibraryId } from '../../electron/core/library/library-identity'
import { LATEST_SCHEMA_VERSION } from '../../electron/core/library/migrations'
import { restoreBackup } from '../../electron/core/library/restore-backup'
import { dirname } from 'node:path'
import { CULTURE_APPLICATION_ID, RecoverableLibraryError } from '../../electron/core/library/open-library'
import { storyFields } from '../../electron/core/stories/story-input'
import { oldFormatLibrary, storyInput, tempCore, tempDir, thrown } from './temp-library'

describe('backups', () => {
  it('takes a consistent copy beside the library, once a day at start', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Kept safe' })), 'approved' as never)
    const day = new Date('2026-05-04T10:00:00Z')
    const first = await backupIfDue(core.db, core.libraryPath, day)
    expect(first?.reason).toBe('daily')
    expect(await backupIfDue(core.db, core.libraryPath, new Date('2026-05-04T18:00:00Z'))).toBeNull()
    const copy = new Database(first!.path, { readonly: true })
    expect((copy.prepare('SELECT title FROM stories').get() as { title: string }).title).toBe('Kept safe')
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    copy.close()
    expect(readdirSync(backupDir(core.libraryPath)).some((f) => f.endsWith('.partial'))).toBe(false)
  })

  it('keeps 7 daily, 4 weekly and 12 monthly copies', async () => {
    const core = tempCore()
    // Two years of daily backups.
    for (let d = 0; d < 730; d += 1) {
      const at = new Date(Date.UTC(2024, 0, 1 + d, 3))
      const name = `library-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-daily.sqlite`
      const dir = backupDir(core.libraryPath)
      if (d === 0) await takeBackup(core.db, core.libraryPath, 'manual', at)
      writeFileSync(join(dir, name), 'x')
    }
    rotateBackups(core.libraryPath, { libraryId: readLibraryId(core.db)! })
    const kept = listBackups(core.libraryPath)
    const days = new Set(kept.map((b) => b.takenAt.slice(0, 10)))
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12)
    expect(kept.length).toBeGreaterThanOrEqual(12)
    expect(days.has('2025-12-30')).toBe(true)
    const months = new Set(kept.map((b) => b.takenAt.slice(0, 7)))
    expect(months.size).toBe(12)
  })

  it('restores a backup in place, after backing up the current state', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Before' })), 'draft')
    const backup = await takeBackup(core.db, core.libraryPath, 'manual', new Date('2026-01-01T00:00:00Z'))
    core.stories.create(storyFields.parse(storyInput(core, { title: 'After' })), 'draft')
    const refused = await dispatch('library.restore', { name: backup.name })
    // No raw field name ("confirm:") in front of the sentence.
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Restoring must be confirmed.', issues: [{ code: 'backup.restoreNotConfirmed' }] },
    })
    const restored = await dispatch('library.restore', { name: backup.name, confirm: true })
    expect(restored.ok).toBe(true)
    const titles = core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 10 }).items.map((s) => s.title)
    expect(titles).toEqual(['Before'])
    expect(listBackups(core.libraryPath).some((b) => b.reason === 'before-restore')).toBe(true)
    await expect(restoreBackup(core.db, core.libraryPath, '/etc/passwd')).rejects.toThrow(/not one of this library’s backups/)
  })

  it('copies a library aside before migrating it', () => {
    const file = join(tempDir(), 'old.sqlite')
    const old = new Database(file)
    old.exec(
      "CREATE TABLE core_values (id TEXT PRIMARY KEY, slug TEXT, name TEXT, description TEXT, color TEXT, position INTEGER); CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT, body TEXT, author TEXT, team TEXT DEFAULT '', customer_context TEXT, happened_on TEXT, primary_value_id TEXT, status TEXT, is_recovery INTEGER DEFAULT 0, language TEXT DEFAULT 'en', created_at TEXT, updated_at TEXT, deleted_at TEXT); CREATE TABLE story_values (story_id TEXT, value_id TEXT, PRIMARY KEY (story_id, value_id));",
    )
    old.pragma(`application_id = ${CULTURE_APPLICATION_ID}`)
    old.pragma('user_version = 1')
    old.close()
    const core = openCore(file)
    core.close()
    expect(listBackups(file).map((b) => b.reason)).toEqual(['before-migration'])
  })

  it('will not start empty where a library with backups went missing', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    const backup = await takeBackup(core.db, core.libraryPath, 'manual')
    const path = core.libraryPath
    core.close()
    rmSync(path)
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true })
    const err = thrown<Error>(() => openCore(path))
    expect(err.message).toMatch(/is missing, but its backups are there/)
    expect(err.message).toContain(backup.name)
    expect(existsSync(path)).toBe(false)
  })

  it('reports a damaged library with the newest backup, and leaves it alone', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    const backup = await takeBackup(core.db, core.libraryPath, 'manual')
    const path = core.libraryPath
    core.close()
    // Scribble over the middle of the file, past the header.
    const bytes = readFileSync(path)
    for (let i = 4096; i < Math.min(bytes.length, 12288); i++) bytes[i] = 0x41
    writeFileSync(path, bytes)
    const err = thrown<Error>(() => openCore(path))
    expect(err).toBeInstanceOf(RecoverableLibraryError)
    expect(err.message).toMatch(/is damaged/)
    expect(err.message).toContain(backup.name)
    expect(existsSync(path)).toBe(true)

    // Recovery: the damaged file is set aside, the newest good backup takes its place.
    const used = recoverFromNewestBackup(path, (p) => new Database(p, { readonly: true }))
    expect(used.name).toBe(backup.name)
    expect(readdirSync(dirname(path)).some((f) => f.includes('.damaged-'))).toBe(true)
    const reopened = openCore(path)
    expect(reopened.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 5 }).total).toBe(1)
    reopened.close()
  })
})

const DAY = 24 * 60 * 60 * 1000
const onDisk = (libraryPath: string) => readdirSync(backupDir(libraryPath)).sort()
const listedNames = (libraryPath: string) =>
  listBackups(libraryPath)
    .map((b) => b.name)
    .sort()
/** The value of a call that must succeed, typed as the contract says. */
async function ok<M extends ApiMethod>(dispatch: ReturnType<typeof createDispatch>, method: M, input: unknown): Promise<ApiResult<M>> {
  const res = await dispatch(method, input)
  if (!res.ok) throw new Error(`${method}: ${res.error.message}`)
  return res.value as ApiResult<M>
}
const titles = (core: ReturnType<typeof tempCore>) =>
  core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 50 }).items.map((s) => s.title)

describe('restoring a backup just taken', () => {
  it('backs up now, restores at once, lists, restores again: the chosen backup is never lost and the result says what happened', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Before' })), 'draft')
    const taken = await ok(dispatch, 'library.backupNow', {})
    core.stories.create(storyFields.parse(storyInput(core, { title: 'After' })), 'draft')

    // The real clock, no pause: the same second (often the same millisecond) as the backup.
    const first = await ok(dispatch, 'library.restore', { name: taken.name, confirm: true })
    expect(first.restored).toBe(taken.name)
    expect(first.safetyBackup).not.toBe(taken.name)
    expect(titles(core)).toEqual(['Before'])
    expect(listedNames(core.libraryPath)).toEqual(onDisk(core.libraryPath))
    expect(listedNames(core.libraryPath)).toEqual(expect.arrayContaining([taken.name, first.safetyBackup]))

    // Again, at once: the same backup is still there and restores.
    const second = await ok(dispatch, 'library.restore', { name: taken.name, confirm: true })
    expect(second.restored).toBe(taken.name)
    // And the first safety copy undoes it all.
    await ok(dispatch, 'library.restore', { name: first.safetyBackup, confirm: true })
    expect(titles(core)).toEqual(['After', 'Before'])
    expect(listedNames(core.libraryPath)).toEqual(onDisk(core.libraryPath))
    expect(listedNames(core.libraryPath)).toHaveLength(4)
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal')
  })

  it('gives two backups taken in the same millisecond two names', async () => {
    const core = tempCore()
    const at = new Date()
    const a = await takeBackup(core.db, core.libraryPath, 'manual', at)
    const b = await takeBackup(core.db, core.libraryPath, 'before-restore', at)
    const c = await takeBackup(core.db, core.libraryPath, 'manual', at)
    expect(new Set([a.name, b.name, c.name]).size).toBe(3)
    expect(listedNames(core.libraryPath)).toEqual([a.name, b.name, c.name].sort())
  })
})

describe('how long backups are kept', () => {
  it('keeps backups made on purpose or before a risky step for 30 days, whatever the daily rotation does', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    const start = Date.now()
    const day = (n: number, hours = 0) => new Date(start + n * DAY + hours * 3600_000)
    const guarded = [
      await takeBackup(core.db, core.libraryPath, 'manual', day(0)),
      await takeBackup(core.db, core.libraryPath, 'before-import', day(0, 1)),
      await takeBackup(core.db, core.libraryPath, 'before-restore', day(0, 2)),
    ]
    for (let d = 0; d <= 45; d++) {
      const daily = await takeBackup(core.db, core.libraryPath, 'daily', day(d, 3))
      const names = listedNames(core.libraryPath)
      expect(names, `day ${d}: the backup just taken`).toContain(daily.name)
      expect(names, `day ${d}: the list is the folder`).toEqual(onDisk(core.libraryPath))
      if (d < 30) for (const g of guarded) expect(names, `day ${d}: ${g.reason}`).toContain(g.name)
    }
    const dailies = listBackups(core.libraryPath).filter((b) => b.reason === 'daily')
    expect(dailies.length).toBeLessThanOrEqual(7 + 4 + 12)
    expect(dailies.length).toBeGreaterThanOrEqual(7)
    for (const g of guarded) expect(g.keptUntil).toBe(new Date(Date.parse(g.takenAt) + 30 * DAY).toISOString())
    expect(dailies[0].keptUntil).toBeNull()
  })

  it('never rotates away the backup being restored', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Old' })), 'draft')
    const start = Date.now() - 40 * DAY
    // Forty days on, this manual backup is no longer guarded, and a newer daily one shares its day.
    const chosen = await takeBackup(core.db, core.libraryPath, 'manual', new Date(start))
    await takeBackup(core.db, core.libraryPath, 'daily', new Date(start + 3600_000))
    core.stories.create(storyFields.parse(storyInput(core, { title: 'New' })), 'draft')
    const result = await restoreBackup(core.db, core.libraryPath, chosen.name)
    expect(result.restored.name).toBe(chosen.name)
    expect(titles(core)).toEqual(['Old'])
    expect(existsSync(chosen.path)).toBe(true)
    expect(listedNames(core.libraryPath)).toEqual(onDisk(core.libraryPath))
  })
})

describe('backups under load', () => {
  it('takes ten backups at once, each complete, with no temporary file left', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    const all = await Promise.all(Array.from({ length: 10 }, () => takeBackup(core.db, core.libraryPath, 'manual')))
    expect(new Set(all.map((b) => b.name)).size).toBe(10)
    expect(listedNames(core.libraryPath)).toEqual(all.map((b) => b.name).sort())
    expect(onDisk(core.libraryPath).filter((f) => f.endsWith('.partial'))).toEqual([])
    for (const b of all) {
      const copy = new Database(b.path, { readonly: true })
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok')
      copy.close()
    }
  })
})

describe('backups belong to one library', () => {
  it('two libraries in one folder never list each other’s backups, and a new one beside them is not “missing”', async () => {
    const dir = tempDir()
    const a = tempCore(join(dir, 'team-a.sqlite'))
    const b = tempCore(join(dir, 'team-b.sqlite'))
    const fromA = await takeBackup(a.db, a.libraryPath, 'manual')
    const fromB = await takeBackup(b.db, b.libraryPath, 'manual')
    expect(listedNames(a.libraryPath)).toEqual([fromA.name])
    expect(listedNames(b.libraryPath)).toEqual([fromB.name])
    const dispatchA = createDispatch(a)
    expect((await ok(dispatchA, 'library.backups', {})).map((x) => x.name)).toEqual([fromA.name])
    expect((await dispatchA('library.restore', { name: fromB.name, confirm: true })).ok).toBe(false)

    // A third library, new, beside both: it starts empty and has no backups.
    const c = tempCore(join(dir, 'team-c.sqlite'))
    expect(listBackups(c.libraryPath)).toEqual([])
    expect(c.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 5 }).total).toBe(0)
  })

  it('tells apart two libraries that had the same file name by their id, and reads old-style names of its own file', async () => {
    const core = tempCore()
    const own = await takeBackup(core.db, core.libraryPath, 'manual')
    const dir = backupDir(core.libraryPath)
    const m = /^library-([0-9a-f]{8})-/.exec(own.name)
    expect(m, `the backup name ${own.name} carries the library id`).not.toBeNull()
    // Another library once had this file name: its backup carries another id.
    const foreign = own.name.replace(m![1], m![1] === 'deadbeef' ? 'feedface' : 'deadbeef')
    copyFileSync(own.path, join(dir, foreign))
    // Backups from before ids, of this file name and of another.
    copyFileSync(own.path, join(dir, 'library-20250101-120000-manual.sqlite'))
    copyFileSync(own.path, join(dir, 'other-20250101-120000-manual.sqlite'))
    const dispatch = createDispatch(core)
    const listed = await ok(dispatch, 'library.backups', {})
    expect(listed.map((b) => b.name).sort()).toEqual([own.name, 'library-20250101-120000-manual.sqlite'].sort())
    expect((await dispatch('library.restore', { name: foreign, confirm: true })).ok).toBe(false)
    // For a library that is missing, only the file name is known: all its namesakes are offered.
    expect(listBackups(core.libraryPath).map((b) => b.name)).toContain(foreign)
  })
})

describe('libraries from before library ids (migration 10)', () => {
  it('get an id; their old and before-upgrade backups stay their own and restore in today’s format, keeping the id', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const old = oldFormatLibrary(file, 9, {
      id: '6c1f1a30-0000-4000-8000-000000000009',
      title: 'From format 9',
      at: '2024-01-01T00:00:00.000Z',
    })
    old.pragma('journal_mode = WAL')
    // A backup as the old app named and wrote it: a WAL file.
    mkdirSync(backupDir(file), { recursive: true })
    const oldStyle = 'library-20250101-120000-manual.sqlite'
    await old.backup(join(backupDir(file), oldStyle))
    old.close()

    const core = tempCore(file)
    const id = readLibraryId(core.db)
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const dispatch = createDispatch(core)
    const listed = await ok(dispatch, 'library.backups', {})
    const beforeUpgrade = listed.find((b) => b.reason === 'before-migration')
    expect(beforeUpgrade?.name).toContain(backupTag(id!))
    expect(listed.map((b) => b.name)).toContain(oldStyle)

    core.stories.create(storyFields.parse(storyInput(core, { title: 'Added after the upgrade' })), 'draft')
    for (const name of [oldStyle, beforeUpgrade!.name]) {
      expect((await ok(dispatch, 'library.restore', { name, confirm: true })).restored).toBe(name)
      expect(titles(core)).toEqual(['From format 9'])
      expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
      expect(readLibraryId(core.db)).toBe(id)
      expect(listedNames(core.libraryPath), 'no -wal or -shm left beside a backup').toEqual(onDisk(core.libraryPath))
    }
    core.close()
    const again = tempCore(file)
    expect(readLibraryId(again.db)).toBe(id)
    expect(listBackups(file, id!).map((b) => b.name)).toContain(oldStyle)
  })
})
