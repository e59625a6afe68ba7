import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { CultureError } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { StoryRepository } from '../stories/story-repository'
import type { CoreValue } from './core-value'
import type { ValueRepository } from './value-repository'
import type { ValueLanguage, ValueText } from './value-texts'

/** A story a value delete retagged: its tags before, and the version the retag wrote (undo applies to that version only). */
export interface MovedStory {
  id: string
  valueIds: string[]
  primaryValueId: string
  updatedAt: string
}

/** What `deleted_values.snapshot` holds: everything the delete took away. */
interface DeletedValue {
  value: { id: string; slug: string; color: string; position: number }
  /** The language the value's main text was in, and its text in every language it had. */
  main: ValueLanguage
  texts: Partial<Record<ValueLanguage, ValueText>>
  moved: MovedStory[]
}

/** Undo is offered for seconds; the newest few deletes are plenty to keep. */
const KEPT = 20

/**
 * Records what deleting `value` (as `get` read it, in the main language `main`) removes, before it is
 * removed; runs inside the delete's transaction. Returns the token that undoes it.
 */
export function keepDeletedValue(db: Database.Database, value: CoreValue, main: ValueLanguage, moved: MovedStory[]): string {
  const { id, slug, color, position, texts } = value
  const snapshot: DeletedValue = { value: { id, slug, color, position }, main, texts, moved }
  const token = randomUUID()
  db.prepare('INSERT INTO deleted_values (token, value_id, snapshot, deleted_at) VALUES (?, ?, ?, ?)').run(
    token,
    id,
    JSON.stringify(snapshot),
    new Date().toISOString(),
  )
  db.prepare(
    'DELETE FROM deleted_values WHERE token NOT IN (SELECT token FROM deleted_values ORDER BY deleted_at DESC, rowid DESC LIMIT ?)',
  ).run(KEPT)
  return token
}

/**
 * Puts a deleted value back as it was: the same id and slug, its texts, its place in the order, and the
 * exact tags and primary value of every story its delete moved (trashed ones too), each as a new
 * version so the history tells what happened. One transaction; refused, with nothing written, when it
 * no longer fits: a value of the same name came since, or a moved story changed (or left) since.
 */
export function undoValueDelete(
  deps: { db: Database.Database; values: ValueRepository; stories: StoryRepository; changes: ChangeFeed },
  token: string,
): CoreValue {
  const { db, values, stories, changes } = deps
  const moved = db
    .transaction(() => {
      const record = db.prepare('SELECT snapshot FROM deleted_values WHERE token = ?').get(token) as { snapshot: string } | undefined
      if (!record) throw new CultureError('value.undoGone')
      const { value, main, texts, moved } = JSON.parse(record.snapshot) as DeletedValue
      const name = texts[main]!.name
      if (db.prepare('SELECT 1 FROM core_values WHERE id = ?').get(value.id)) throw new CultureError('value.undoGone')
      for (const text of Object.values(texts)) {
        if (!values.nameIsFree(text.name, null)) throw new CultureError('value.undoNameTaken', { name: text.name })
      }
      if (db.prepare('SELECT 1 FROM core_values WHERE slug = ?').get(value.slug)) throw new CultureError('value.undoNameTaken', { name })
      const updatedAt = db.prepare('SELECT updated_at FROM stories WHERE id = ?').pluck()
      const changed = moved.filter((m) => updatedAt.get(m.id) !== m.updatedAt)
      if (changed.length) throw new CultureError('value.undoStoriesChanged', { name, count: changed.length })

      // The main text in the library's main language now, when the value had one in it (as setMainLanguage does).
      const now = values.mainLanguage()
      const shownIn = texts[now] ? now : main
      const { count } = db.prepare('SELECT count(*) AS count FROM core_values').get() as { count: number }
      const position = Math.min(value.position, count)
      db.prepare('UPDATE core_values SET position = position + 1 WHERE position >= ?').run(position)
      db.prepare('INSERT INTO core_values (id, slug, name, description, color, position) VALUES (?, ?, ?, ?, ?, ?)').run(
        value.id,
        value.slug,
        texts[shownIn]!.name,
        texts[shownIn]!.description,
        value.color,
        position,
      )
      const addText = db.prepare('INSERT INTO core_value_texts (value_id, language, name, description) VALUES (?, ?, ?, ?)')
      for (const [language, text] of Object.entries(texts) as [ValueLanguage, ValueText][]) {
        if (language !== shownIn) addText.run(value.id, language, text.name, text.description)
      }
      for (const m of moved) stories.retag(m.id, m.valueIds, m.primaryValueId)
      db.prepare('DELETE FROM deleted_values WHERE token = ?').run(token)
      return { id: value.id, stories: moved.map((m) => m.id) }
    })
    .immediate()
  changes.publish('values')
  if (moved.stories.length) changes.publish('stories', moved.stories)
  return values.get(moved.id)
}
