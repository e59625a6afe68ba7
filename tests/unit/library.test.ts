import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { CultureError } from '../../electron/core/errors'
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/core/library/migrations'
import { CULTURE_APPLICATION_ID, RecoverableLibraryError } from '../../electron/core/library/open-library'
import { storyFields } from '../../electron/core/stories/story-input'
import seedValues from '../../resources/core-values.json'
import { countRows, storyInput, tempCore, tempDir, thrown } from './temp-library'

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
    expect(err.code).toBe('library')
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
    const old = new Database(file)
    old.transaction(() => {
      migrations[0].up(old)
      old.pragma(`application_id = ${CULTURE_APPLICATION_ID}`)
      old.pragma('user_version = 1')
    })()
    const value = old.prepare('SELECT id FROM core_values LIMIT 1').get() as { id: string }
    old.prepare(
      `INSERT INTO stories (id, title, body, author, happened_on, primary_value_id, status, created_at, updated_at)
       VALUES ('6c1f1a30-0000-4000-8000-000000000001', 'Kept', 'Body', 'Ann', '2024-01-01', ?, 'approved', 'x', 'x')`,
    ).run(value.id)
    old.prepare("INSERT INTO story_values VALUES ('6c1f1a30-0000-4000-8000-000000000001', ?)").run(value.id)
    old.close()
    const core = tempCore(file)
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(core.stories.get('6c1f1a30-0000-4000-8000-000000000001').title).toBe('Kept')
    expect(core.training.scenarios.list().length).toBeGreaterThanOrEqual(24)
  })

  it('refuses a folder', () => {
    expect(openError(tempDir()).message).toMatch(/is a folder/)
  })

  it('treats an empty file as a new library', () => {
    const file = join(tempDir(), 'empty.sqlite')
    writeFileSync(file, '')
    expect(tempCore(file).values.list()).toHaveLength(10)
  })
})
