import Database from 'better-sqlite3'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import type { CultureError } from '../../electron/core/errors'
import { backupDir } from '../../electron/core/library/backups'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempDir } from './temp-library'

// The worker from its TypeScript source (startWorker runs it under tsx).
const WORKER = resolve(import.meta.dirname, '../../electron/core/library/library-worker.ts')

/** A closed library holding one story, not yet backed up. */
function libraryWithAStory(): string {
  const file = join(tempDir(), 'library.sqlite')
  const core = openCore(file)
  core.stories.create(storyFields.parse(storyInput(core, { title: 'Copied in a worker' })), 'draft')
  core.close()
  return file
}

const backupFiles = (file: string) => (existsSync(backupDir(file)) ? readdirSync(backupDir(file)) : [])

describe('backups copied in a worker thread (the shells lend the library worker)', () => {
  it('takes the daily backup at start as one sound, self-contained file holding the stories', async () => {
    const file = libraryWithAStory()
    const core = openCore(file, { libraryWorker: WORKER, rebuildSearch: () => new Promise(() => {}) })
    await core.ready
    const [daily] = core.library.backups()
    expect(daily.name).toMatch(/daily/)
    expect(backupFiles(file)).toEqual([daily.name])
    const copy = new Database(daily.path, { readonly: true })
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok')
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(copy.prepare('SELECT title FROM stories').pluck().all()).toEqual(['Copied in a worker'])
    copy.close()
    core.close()
  }, 30_000)

  it('takes a manual backup the same way while the library stays open for writing', async () => {
    const core = openCore(libraryWithAStory(), { libraryWorker: WORKER, rebuildSearch: () => new Promise(() => {}) })
    await core.ready
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Written after the daily one' })), 'draft')
    const manual = await core.library.backupNow()
    const copy = new Database(manual.path, { readonly: true })
    expect(copy.prepare('SELECT title FROM stories ORDER BY title').pluck().all()).toEqual([
      'Copied in a worker',
      'Written after the daily one',
    ])
    copy.close()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Still writable' })), 'draft')
    core.close()
  }, 30_000)

  it('says a backup failed when the worker cannot copy, leaving no half-written file', async () => {
    const file = libraryWithAStory()
    const core = openCore(file, { libraryWorker: join(dirname(WORKER), 'no-such-worker.mjs'), rebuildSearch: () => new Promise(() => {}) })
    await core.ready
    const err = await core.library.backupNow().then(
      () => null,
      (e: CultureError) => e,
    )
    expect(err?.code).toBe('backup.writeFailed')
    expect(backupFiles(file)).toEqual([])
    core.close()
  }, 30_000)
})

describe("an import's safety backup (the one before it writes)", () => {
  it('is copied in the lent worker too, and a worker that cannot copy fails the CSV import with nothing written', async () => {
    const file = libraryWithAStory()
    const core = openCore(file, { libraryWorker: join(dirname(WORKER), 'no-such-worker.mjs'), rebuildSearch: () => new Promise(() => {}) })
    await core.ready
    const preview = core.csv.preview(
      Buffer.from('Title,Story,Name,Date,Values\nImported,Told here.,Writer,2025-01-01,Be humble').toString('base64'),
    )
    const err = await core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'draft', {}).then(
      () => null,
      (e: CultureError) => e,
    )
    expect(err?.code).toBe('backup.writeFailed')
    expect(core.db.prepare('SELECT title FROM stories').pluck().all()).toEqual(['Copied in a worker'])
    core.close()
  }, 30_000)

  it('of a CSV import is a sound copy made in the worker, holding the library as it was before the import', async () => {
    const file = libraryWithAStory()
    const core = openCore(file, { libraryWorker: WORKER, rebuildSearch: () => new Promise(() => {}) })
    await core.ready
    const preview = core.csv.preview(
      Buffer.from('Title,Story,Name,Date,Values\nImported,Told here.,Writer,2025-01-01,Be humble').toString('base64'),
    )
    const result = await core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'draft', {})
    const backup = core.library.backups().find((b) => b.name === result.backup)!
    expect(backup.name).toMatch(/before-import/)
    const copy = new Database(backup.path, { readonly: true })
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(copy.prepare('SELECT title FROM stories').pluck().all()).toEqual(['Copied in a worker'])
    copy.close()
    core.close()
  }, 30_000)
})
