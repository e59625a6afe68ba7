import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { CultureError, fieldIssue } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { CoreValue } from './core-value'
import type { ValueFields } from './value-input'

/** What SELECT_VALUES reads: the value as it is, but for its story count's column name. */
type ValueRow = Omit<CoreValue, 'storyCount'> & { story_count: number }

const SELECT_VALUES = `
  SELECT v.id, v.slug, v.name, v.description, v.color, v.position,
         (SELECT count(*) FROM story_values sv WHERE sv.value_id = v.id) AS story_count
  FROM core_values v`

function toValue({ story_count, ...value }: ValueRow): CoreValue {
  return { ...value, storyCount: story_count }
}

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

  list(): CoreValue[] {
    return (this.db.prepare(`${SELECT_VALUES} ORDER BY v.position, v.name`).all() as ValueRow[]).map(toValue)
  }

  get(id: string): CoreValue {
    const row = this.db.prepare(`${SELECT_VALUES} WHERE v.id = ?`).get(id) as ValueRow | undefined
    if (!row) throw new CultureError('value.notFound')
    return toValue(row)
  }

  /** Throws a field error naming the first id that is not a core value. */
  assertExist(ids: string[], field: string): void {
    const known = new Set((this.db.prepare('SELECT id FROM core_values').all() as { id: string }[]).map((r) => r.id))
    const unknown = ids.find((id) => !known.has(id))
    if (unknown) {
      throw new CultureError('value.unknown', { id: unknown }, [fieldIssue(field, 'value.unknown', { id: unknown })])
    }
  }

  private assertNameFree(name: string, exceptId: string | null): void {
    const clash = this.db.prepare('SELECT id FROM core_values WHERE lower(name) = lower(?) AND id IS NOT ?').get(name, exceptId)
    if (clash) {
      throw new CultureError('value.nameTaken', { name }, [fieldIssue('name', 'value.nameTakenHere')])
    }
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

  /** The slug stays as it was: packs and links from other libraries match values by slug. */
  update(id: string, fields: ValueFields): CoreValue {
    this.db
      .transaction(() => {
        this.get(id)
        this.assertNameFree(fields.name, id)
        this.db
          .prepare('UPDATE core_values SET name = ?, description = ?, color = ? WHERE id = ?')
          .run(fields.name, fields.description, fields.color, id)
      })
      .immediate()
    this.changes.publish('values')
    return this.get(id)
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

  delete(id: string): { deleted: true } {
    this.db
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
        this.db.prepare('DELETE FROM core_values WHERE id = ?').run(id)
        // Close the gap so positions stay 0..n-1.
        this.db.prepare('UPDATE core_values SET position = position - 1 WHERE position > ?').run(value.position)
      })
      .immediate()
    this.changes.publish('values')
    return { deleted: true }
  }
}
