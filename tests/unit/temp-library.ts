import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { migrations } from '../../electron/core/library/migrations'
import { CULTURE_APPLICATION_ID } from '../../electron/core/library/open-library'
import type { StoryStatus } from '../../electron/core/stories/story'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

/** A fresh folder that is removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'culture-book-test-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A real library file in a temp folder, closed and removed after the test. */
export function tempCore(file = join(tempDir(), 'library.sqlite')): CultureCore {
  const core = openCore(file)
  cleanups.unshift(() => {
    if (core.db.open) core.close()
  })
  return core
}

export function valueId(core: CultureCore, slug: string): string {
  const value = core.values.list().find((v) => v.slug === slug)
  if (!value) throw new Error(`no value ${slug}`)
  return value.id
}

/** A valid story; override what the test is about. */
export function storyInput(core: CultureCore, overrides: Partial<StoryFieldsInput> = {}): StoryFieldsInput {
  const wow = valueId(core, 'deliver-wow')
  return {
    title: 'Wedding shoes, overnight',
    body: 'The carrier sent the parcel to the wrong city. We sent a **new pair** by courier the same night.',
    author: 'Astrid Lund',
    team: 'Customer Loyalty',
    customerContext: 'Bride, wedding in two days',
    happenedOn: '2025-06-14',
    valueIds: [wow],
    primaryValueId: wow,
    isRecovery: true,
    language: 'en',
    ...overrides,
  }
}

export function countRows(core: CultureCore, table: 'stories' | 'core_values' | 'story_values'): number {
  return (core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

/** The error a call throws; fails the test when it throws nothing. */
export function thrown<E = Error>(fn: () => unknown): E {
  try {
    fn()
  } catch (err) {
    return err as E
  }
  throw new Error('expected an error, but the call succeeded')
}

/** A library as an older app left it: the schema up to `version` and one approved story. Left open, for more. */
export function oldFormatLibrary(file: string, version: number, story: { id: string; title: string; at: string }): Database.Database {
  const old = new Database(file)
  old.transaction(() => {
    for (const m of migrations.filter((m) => m.version <= version)) m.up(old)
    old.pragma(`application_id = ${CULTURE_APPLICATION_ID}`)
    old.pragma(`user_version = ${version}`)
  })()
  // The first value in the list, always the same one: tests add links of their own beside it.
  const value = old.prepare('SELECT id FROM core_values ORDER BY position LIMIT 1').get() as { id: string }
  old
    .prepare(
      `INSERT INTO stories (id, title, body, author, happened_on, primary_value_id, status, created_at, updated_at)
     VALUES (?, ?, 'Body', 'Ann', '2024-01-01', ?, 'approved', ?, ?)`,
    )
    .run(story.id, story.title, value.id, story.at, story.at)
  old.prepare('INSERT INTO story_values VALUES (?, ?)').run(story.id, value.id)
  return old
}

/** `count` stories "<title> <n>" written in one transaction and announced once, as an import writes them: fast at any count. */
export function manyStories(core: CultureCore, count: number, title = 'Story', status: StoryStatus = 'draft'): void {
  const fields = storyFields.parse(storyInput(core))
  const ids: string[] = []
  const now = new Date().toISOString()
  core.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID()
      core.stories.putFromElsewhere(
        id,
        { ...fields, title: `${title} ${i}` },
        { status, createdAt: now, updatedAt: now, revisionId: randomUUID() },
      )
      ids.push(id)
    }
  })()
  core.stories.announce(ids)
}
