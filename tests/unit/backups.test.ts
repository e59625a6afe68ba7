import Database from 'better-sqlite3'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { backupDir, backupIfDue, listBackups, recoverFromNewestBackup, restoreBackup, rotateBackups, takeBackup } from '../../electron/core/library/backups'
import { dirname } from 'node:path'
import { CULTURE_APPLICATION_ID, RecoverableLibraryError } from '../../electron/core/library/open-library'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir, thrown } from './temp-library'

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
    rotateBackups(core.libraryPath)
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
    expect(refused).toMatchObject({ ok: false, error: { message: 'confirm: Restoring must be confirmed.' } })
    const restored = await dispatch('library.restore', { name: backup.name, confirm: true })
    expect(restored.ok).toBe(true)
    const titles = core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 10 }).items.map((s) => s.title)
    expect(titles).toEqual(['Before'])
    expect(listBackups(core.libraryPath).some((b) => b.reason === 'before-restore')).toBe(true)
    await expect(restoreBackup(core.db, core.libraryPath, '/etc/passwd')).rejects.toThrow(/not in the library’s backups folder/)
  })

  it('copies a library aside before migrating it', () => {
    const file = join(tempDir(), 'old.sqlite')
    const old = new Database(file)
    old.exec("CREATE TABLE core_values (id TEXT PRIMARY KEY, slug TEXT, name TEXT, description TEXT, color TEXT, position INTEGER); CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT, body TEXT, author TEXT, team TEXT DEFAULT '', customer_context TEXT, happened_on TEXT, primary_value_id TEXT, status TEXT, is_recovery INTEGER DEFAULT 0, language TEXT DEFAULT 'en', created_at TEXT, updated_at TEXT, deleted_at TEXT); CREATE TABLE story_values (story_id TEXT, value_id TEXT, PRIMARY KEY (story_id, value_id));")
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
