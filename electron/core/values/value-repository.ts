import type Database from 'better-sqlite3'
import { preparedOnce } from '../library/prepared-once'
import { randomUUID } from 'node:crypto'
import { CultureError, fieldIssue } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { CoreValue } from './core-value'
import type { ValueFields } from './value-input'
import { readLibraryLanguage, writeLibraryLanguage } from './library-language'
import type { ValueLanguage, ValueText } from './value-texts'
import { keepDeletedValue, type MovedStory } from './value-undo'

/** What SELECT_VALUES reads: the value with its main language's text, and its story count. */
type ValueRow = Omit<CoreValue, 'storyCount' | 'language' | 'texts'> & { story_count: number }

const SELECT_VALUES = `
  SELECT v.id, v.slug, v.name, v.description, v.color, v.position,
         (SELECT count(*) FROM story_values sv WHERE sv.value_id = v.id) AS story_count
  FROM core_values v`

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'value'
}

export class ValueRepository {
  constructor(
    private db: Database.Database,
    private changes: ChangeFeed,
  ) {}

  /** The language the values were seeded in and fall back to. */
  mainLanguage(): ValueLanguage {
    return readLibraryLanguage(this.db)
  }

  /** Every value, named in `language` where it has a text in it (the main language otherwise). */
  list(language?: ValueLanguage): CoreValue[] {
    return this.withTexts(this.db.prepare(`${SELECT_VALUES} ORDER BY v.position, v.name`).all() as ValueRow[], language)
  }

  get(id: string, language?: ValueLanguage): CoreValue {
    const row = this.db.prepare(`${SELECT_VALUES} WHERE v.id = ?`).get(id) as ValueRow | undefined
    if (!row) throw new CultureError('value.notFound')
    return this.withTexts([row], language)[0]
  }

  private withTexts(rows: ValueRow[], language: ValueLanguage | undefined): CoreValue[] {
    const main = this.mainLanguage()
    const others = new Map<string, Partial<Record<ValueLanguage, ValueText>>>()
    for (const t of this.db.prepare('SELECT value_id, language, name, description FROM core_value_texts').all() as (ValueText & {
      value_id: string
      language: ValueLanguage
    })[]) {
      others.set(t.value_id, { ...others.get(t.value_id), [t.language]: { name: t.name, description: t.description } })
    }
    return rows.map(({ story_count, name, description, ...value }) => {
      const texts = { ...others.get(value.id), [main]: { name, description } }
      const shown = language && texts[language] ? language : main
      return { ...value, ...texts[shown]!, language: shown, texts, storyCount: story_count }
    })
  }

  /** Throws a field error naming the first id that is not a core value. */
  assertExist(ids: string[], field: string): void {
    const unknown = this.unknownAmong(ids)
    if (unknown) {
      throw new CultureError('value.unknown', { id: unknown }, [fieldIssue(field, 'value.unknown', { id: unknown })])
    }
  }

  /** The first of `ids` that is not a core value, if any. */
  unknownAmong(ids: string[]): string | undefined {
    const known = new Set((preparedOnce(this.db, 'SELECT id FROM core_values').all() as { id: string }[]).map((r) => r.id))
    return ids.find((id) => !known.has(id))
  }

  /**
   * No two values share a name in any of the languages: a spreadsheet's value column or a chapter is
   * matched by name, whichever language it is written in.
   */
  private assertNameFree(name: string, exceptId: string | null): void {
    if (!this.nameIsFree(name, exceptId)) {
      throw new CultureError('value.nameTaken', { name }, [fieldIssue('name', 'value.nameTakenHere')])
    }
  }

  /** Whether no value but `exceptId` has `name` in any language, whatever its case. */
  nameIsFree(name: string, exceptId: string | null): boolean {
    const names = this.db
      .prepare('SELECT name FROM core_values WHERE id IS NOT ? UNION ALL SELECT name FROM core_value_texts WHERE value_id IS NOT ?')
      .all(exceptId, exceptId) as { name: string }[]
    // In JavaScript rather than SQLite's lower(), which leaves Æ, Ø, Å and Ä, Ö as they are.
    const wanted = name.toLowerCase()
    return !names.some((n) => n.name.toLowerCase() === wanted)
  }

  create(fields: ValueFields): CoreValue {
    const id = randomUUID()
    this.db
      .transaction(() => {
        this.assertNameFree(fields.name, null)
        const base = slugify(fields.name)
        let slug = base
        for (let n = 2; this.db.prepare('SELECT 1 FROM core_values WHERE slug = ?').get(slug); n++) slug = `${base}-${n}`
        const { next } = this.db.prepare('SELECT coalesce(max(position) + 1, 0) AS next FROM core_values').get() as {
          next: number
        }
        this.db
          .prepare('INSERT INTO core_values (id, slug, name, description, color, position) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, slug, fields.name, fields.description, fields.color, next)
      })
      .immediate()
    this.changes.publish('values')
    return this.get(id)
  }

  /**
   * Sets the colour, and the name and description in `language` (the main language unless given).
   * The slug stays as it was: packs and links from other libraries match values by slug.
   */
  update(id: string, fields: ValueFields, language?: ValueLanguage): CoreValue {
    this.db
      .transaction(() => {
        this.get(id)
        this.assertNameFree(fields.name, id)
        this.db.prepare('UPDATE core_values SET color = ? WHERE id = ?').run(fields.color, id)
        if (!language || language === this.mainLanguage()) {
          this.db.prepare('UPDATE core_values SET name = ?, description = ? WHERE id = ?').run(fields.name, fields.description, id)
        } else {
          this.db
            .prepare('INSERT OR REPLACE INTO core_value_texts (value_id, language, name, description) VALUES (?, ?, ?, ?)')
            .run(id, language, fields.name, fields.description)
        }
      })
      .immediate()
    this.changes.publish('values')
    return this.get(id, language)
  }

  /**
   * Makes `language` the library's main language: each value's text in it becomes the main one and
   * the old main text is kept as that language's. A value with no text in `language` keeps the one it
   * has as its main text, since a value always has a name.
   */
  setMainLanguage(language: ValueLanguage): void {
    this.db
      .transaction(() => {
        const old = this.mainLanguage()
        if (old === language) return
        const textIn = this.db.prepare('SELECT name, description FROM core_value_texts WHERE value_id = ? AND language = ?')
        const keep = this.db.prepare('INSERT OR REPLACE INTO core_value_texts (value_id, language, name, description) VALUES (?, ?, ?, ?)')
        const promote = this.db.prepare('UPDATE core_values SET name = ?, description = ? WHERE id = ?')
        const drop = this.db.prepare('DELETE FROM core_value_texts WHERE value_id = ? AND language = ?')
        for (const v of this.db.prepare('SELECT id, name, description FROM core_values').all() as (ValueText & { id: string })[]) {
          const text = textIn.get(v.id, language) as ValueText | undefined
          if (!text) continue
          keep.run(v.id, old, v.name, v.description)
          promote.run(text.name, text.description, v.id)
          drop.run(v.id, language)
        }
        writeLibraryLanguage(this.db, language)
      })
      .immediate()
    this.changes.publish('values')
  }

  reorder(ids: string[]): CoreValue[] {
    this.db
      .transaction(() => {
        const all = this.list().map((v) => v.id)
        if (ids.length !== all.length || !all.every((id) => ids.includes(id))) {
          throw new CultureError('value.orderIncomplete', {}, [fieldIssue('ids', 'value.orderIncomplete')])
        }
        const setPosition = this.db.prepare('UPDATE core_values SET position = ? WHERE id = ?')
        ids.forEach((id, i) => setPosition.run(i, id))
      })
      .immediate()
    this.changes.publish('values')
    return this.list()
  }

  /**
   * Deletes a value no story uses, or (from moveValueAndDelete) one whose stories were just `moved`;
   * what it removes is kept under the returned token for values.undoDelete.
   */
  delete(id: string, moved: MovedStory[] = []): { deleted: true; undoToken: string } {
    const undoToken = this.db
      .transaction(() => {
        const value = this.get(id)
        const { total, trashed } = this.db
          .prepare(
            `SELECT count(*) AS total, coalesce(sum(s.deleted_at IS NOT NULL), 0) AS trashed
           FROM story_values sv JOIN stories s ON s.id = sv.story_id WHERE sv.value_id = ?`,
          )
          .get(id) as { total: number; trashed: number }
        if (total > 0) {
          throw trashed > 0
            ? new CultureError('value.inUseSomeTrashed', { name: value.name, count: total, trashed })
            : new CultureError('value.inUse', { name: value.name, count: total })
        }
        const token = keepDeletedValue(this.db, value, this.mainLanguage(), moved)
        this.db.prepare('DELETE FROM core_values WHERE id = ?').run(id)
        // Close the gap so positions stay 0..n-1.
        this.db.prepare('UPDATE core_values SET position = position - 1 WHERE position > ?').run(value.position)
        return token
      })
      .immediate()
    this.changes.publish('values')
    return { deleted: true, undoToken }
  }
}
