import Database from 'better-sqlite3'
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { CultureError } from '../../electron/core/errors'
import type { BackupFile } from '../../electron/core/library/backup-file'
import { takeBackup } from '../../electron/core/library/backups'
import { LATEST_SCHEMA_VERSION } from '../../electron/core/library/migrations'
import { CULTURE_APPLICATION_ID, RecoverableLibraryError } from '../../electron/core/library/open-library'
import { openWithRecovery } from '../../electron/core/library/open-with-recovery'
import { storyFields } from '../../electron/core/stories/story-input'
import seedValues from '../../resources/core-values.json'
import { countRows, oldFormatLibrary, storyInput, tempCore, tempDir, thrown } from './temp-library'

const openError = (path: string) => thrown<CultureError>(() => openCore(path).close())

describe('opening a library', () => {
  it('creates a new file with the schema and the ten core values from resources/', () => {
    const core = tempCore()
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(core.db.pragma('application_id', { simple: true })).toBe(CULTURE_APPLICATION_ID)
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1)
    const values = core.values.list()
    expect(values.map((v) => v.name)).toEqual(seedValues.map((v) => v.name))
    expect(values.map((v) => v.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(values[0].name).toBe('Deliver WOW through service')
  })

  it('keeps everything on reopen and does not seed twice', () => {
    const file = join(tempDir(), 'lib.sqlite')
    const first = openCore(file)
    const story = first.stories.create(storyFields.parse(storyInput(first)), 'draft')
    first.close()
    const again = tempCore(file)
    expect(again.stories.get(story.id).title).toBe('Wedding shoes, overnight')
    expect(countRows(again, 'core_values')).toBe(10)
  })

  it('creates missing parent folders', () => {
    const core = tempCore(join(tempDir(), 'a', 'b', 'library.sqlite'))
    expect(core.values.list()).toHaveLength(10)
  })

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const file = join(tempDir(), 'notes.sqlite')
    writeFileSync(file, 'These are my meeting notes, not a database.\n')
    const err = openError(file)
    expect(err.kind).toBe('library')
    expect(err.message).toMatch(/not an SQLite file/)
    expect(readFileSync(file, 'utf8')).toBe('These are my meeting notes, not a database.\n')
  })

  it("refuses another program's SQLite database without changing it", () => {
    const file = join(tempDir(), 'other.sqlite')
    const other = new Database(file)
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)')
    other.close()
    const before = readFileSync(file)
    expect(openError(file).message).toMatch(/another program/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('refuses a library from a newer version of the app, unchanged', () => {
    const file = join(tempDir(), 'future.sqlite')
    const future = new Database(file)
    future.pragma(`application_id = ${CULTURE_APPLICATION_ID}`)
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`)
    future.exec('CREATE TABLE something_new (x)')
    future.close()
    const before = readFileSync(file)
    const err = openError(file)
    expect(err.message).toMatch(/newer version of Culture Book/)
    // Not something a backup should replace: the file is fine, the app is old.
    expect(err).not.toBeInstanceOf(RecoverableLibraryError)
    expect(err.message).toContain(String(LATEST_SCHEMA_VERSION + 5))
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('upgrades a library from the first schema, keeping its stories', () => {
    const file = join(tempDir(), 'old.sqlite')
    oldFormatLibrary(file, 1, { id: '6c1f1a30-0000-4000-8000-000000000001', title: 'Kept', at: 'x' }).close()
    const core = tempCore(file)
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(core.stories.get('6c1f1a30-0000-4000-8000-000000000001').title).toBe('Kept')
    expect(core.training.scenarios.list().length).toBeGreaterThanOrEqual(24)
  })

  it('refuses a folder', () => {
    expect(openError(tempDir()).message).toMatch(/is a folder/)
  })

  it('treats an empty file without backups as a new library', () => {
    const file = join(tempDir(), 'empty.sqlite')
    writeFileSync(file, '')
    expect(tempCore(file).values.list()).toHaveLength(10)
  })
})

describe('a damaged library file', () => {
  /** A library with one story and one backup, closed, then handed to `damage`. */
  async function libraryWithBackup(damage: (file: string) => void) {
    const file = join(tempDir(), 'library.sqlite')
    const core = openCore(file)
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Kept in the backup' })), 'draft')
    const backup = await takeBackup(core.db, file, 'manual')
    core.close()
    damage(file)
    return { file, backup, damaged: readFileSync(file) }
  }

  const titles = (core: CultureCore) => core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 5 }).items.map((s) => s.title)
  const damagedCopies = (file: string) => readdirSync(dirname(file)).filter((f) => /^library\.sqlite\.damaged-[^-]+$/.test(f))

  /** Opens as both shells do (openWithRecovery), saying yes to the newest backup; the failed file is kept beside it. */
  function recoverLikeTheShells(file: string, err: CultureError, damaged: Buffer, backup: BackupFile) {
    expect(err).toBeInstanceOf(RecoverableLibraryError)
    const asked: [string, string][] = []
    const { core, restored } = openWithRecovery(file, tempCore, {
      restoreNewest: (problem, newest) => asked.push([problem.message, newest.name]) > 0,
    })
    expect(asked).toEqual([[err.message, backup.name]])
    expect(restored?.name).toBe(backup.name)
    const kept = damagedCopies(file)
    expect(kept, 'the damaged file is kept beside the library').toHaveLength(1)
    expect(readFileSync(join(dirname(file), kept[0])).equals(damaged)).toBe(true)
    expect(titles(core)).toEqual(['Kept in the backup'])
  }

  it('is damaged, not "another file", when its header was zeroed: the newest backup is offered and the file kept', async () => {
    const { file, backup, damaged } = await libraryWithBackup((f) => {
      const bytes = readFileSync(f)
      bytes.fill(0, 0, 100)
      writeFileSync(f, bytes)
    })
    const err = openError(file)
    expect(err).toBeInstanceOf(RecoverableLibraryError)
    expect(err.message).toMatch(/is damaged/)
    expect(err.message).toContain(backup.name)
    expect(readFileSync(file).equals(damaged)).toBe(true)
    recoverLikeTheShells(file, err, damaged, backup)
  })

  it('is damaged when the whole file is zeros', async () => {
    const { file, backup, damaged } = await libraryWithBackup((f) => writeFileSync(f, Buffer.alloc(readFileSync(f).length)))
    const err = openError(file)
    expect(err.message).toMatch(/is damaged/)
    expect(err.message).toContain(backup.name)
    expect(readFileSync(file).equals(damaged)).toBe(true)
    recoverLikeTheShells(file, err, damaged, backup)
  })

  it('is damaged, not a new library, when it is empty and has backups beside it', async () => {
    const { file, backup, damaged } = await libraryWithBackup((f) => {
      writeFileSync(f, '')
      for (const suffix of ['-wal', '-shm']) rmSync(f + suffix, { force: true })
    })
    const err = openError(file)
    expect(err).toBeInstanceOf(RecoverableLibraryError)
    expect(err.message).toContain(backup.name)
    expect(statSync(file).size).toBe(0)
    recoverLikeTheShells(file, err, damaged, backup)
  })

  it('is damaged, not a new library, when it is all zeros and has no backup: reported, never overwritten', () => {
    const file = join(tempDir(), 'zeros.sqlite')
    writeFileSync(file, Buffer.alloc(8192))
    const err = openError(file)
    expect(err).toBeInstanceOf(RecoverableLibraryError)
    expect(err.message).toMatch(/is damaged.*There is no backup beside it/)
    expect(readFileSync(file).equals(Buffer.alloc(8192))).toBe(true)
  })

  describe('opened as the shells open it (issue 10, section 3: one recovery opener for both)', () => {
    const zeroHeader = (f: string) => {
      const bytes = readFileSync(f)
      bytes.fill(0, 0, 100)
      writeFileSync(f, bytes)
    }
    /** Counts the questions; answers with `answer`. */
    const policy = (answer: boolean) => {
      const asked: string[] = []
      return { asked, restoreNewest: (_problem: RecoverableLibraryError, newest: BackupFile) => asked.push(newest.name) > 0 && answer }
    }

    it('puts nothing in place when the answer is no: the same error, the file untouched', async () => {
      const { file, backup, damaged } = await libraryWithBackup(zeroHeader)
      const no = policy(false)
      const err = thrown<CultureError>(() => openWithRecovery(file, tempCore, no))
      expect(err).toBeInstanceOf(RecoverableLibraryError)
      expect(err.message).toContain(backup.name)
      expect(no.asked).toEqual([backup.name])
      expect(readFileSync(file).equals(damaged)).toBe(true)
      expect(damagedCopies(file)).toEqual([])
    })

    it('asks nothing when no backup could help, or when the file is fine but from a newer app', async () => {
      const zeros = join(tempDir(), 'library.sqlite')
      writeFileSync(zeros, Buffer.alloc(8192))
      const yes = policy(true)
      expect(thrown(() => openWithRecovery(zeros, tempCore, yes))).toBeInstanceOf(RecoverableLibraryError)

      const { file } = await libraryWithBackup((f) => {
        const future = new Database(f)
        future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
        future.close()
      })
      const before = readFileSync(file)
      expect(thrown<CultureError>(() => openWithRecovery(file, tempCore, yes)).message).toMatch(/newer version of Culture Book/)
      expect(yes.asked).toEqual([])
      expect(readFileSync(file).equals(before)).toBe(true)
      expect(damagedCopies(file)).toEqual([])
    })

    it('opens a library that is not damaged without asking, and says nothing was restored', () => {
      const yes = policy(true)
      const { core, restored } = openWithRecovery(join(tempDir(), 'library.sqlite'), tempCore, yes)
      expect([restored, yes.asked, core.values.list().length]).toEqual([null, [], 10])
    })

    it('brings back a library that is missing while its backups are there', async () => {
      const { file, backup } = await libraryWithBackup(() => {})
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
      const { core, restored } = openWithRecovery(file, tempCore, policy(true))
      expect(restored?.name).toBe(backup.name)
      expect(titles(core)).toEqual(['Kept in the backup'])
    })

    it('says so when no backup passes its check, keeping the damaged file and the backups', async () => {
      const { file, backup, damaged } = await libraryWithBackup(zeroHeader)
      writeFileSync(backup.path, Buffer.alloc(4096))
      const err = thrown<CultureError>(() => openWithRecovery(file, tempCore, policy(true)))
      expect(err.message).toMatch(/No backup of .* passes an integrity check\. The damaged file was kept beside it\./)
      expect(readFileSync(join(dirname(file), damagedCopies(file)[0])).equals(damaged)).toBe(true)
      expect(readFileSync(backup.path).equals(Buffer.alloc(4096))).toBe(true)
    })
  })
})
