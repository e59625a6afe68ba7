import type Database from 'better-sqlite3'
import { preparedOnce } from '../library/prepared-once'
import type { Draft, DraftKey, DraftSave } from './draft'

interface DraftRow {
  kind: Draft['kind']
  target_id: string
  content: string
  base_updated_at: string | null
  saved_at: string
}

/** The table keys a not-yet-saved story or scenario as '' (a primary key column cannot hold NULL usefully). */
const target = (key: DraftKey) => key.id ?? ''

/**
 * Editors' unsaved work (table `drafts`, migration 16). Never listed, searched or packed as a story:
 * only the editor that wrote a draft asks for it again.
 */
export class DraftRepository {
  constructor(private db: Database.Database) {}

  get(key: DraftKey): Draft | null {
    const row = preparedOnce(this.db, 'SELECT * FROM drafts WHERE kind = ? AND target_id = ?').get(key.kind, target(key)) as
      DraftRow | undefined
    if (!row) return null
    return {
      kind: row.kind,
      id: row.target_id || null,
      content: JSON.parse(row.content) as Record<string, unknown>,
      baseUpdatedAt: row.base_updated_at,
      savedAt: row.saved_at,
    }
  }

  save(draft: DraftSave): { savedAt: string } {
    const savedAt = new Date().toISOString()
    this.db
      .transaction(() => {
        preparedOnce(
          this.db,
          `INSERT INTO drafts (kind, target_id, content, base_updated_at, saved_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (kind, target_id) DO UPDATE SET content = excluded.content, base_updated_at = excluded.base_updated_at, saved_at = excluded.saved_at`,
        ).run(draft.kind, target(draft), JSON.stringify(draft.content), draft.baseUpdatedAt, savedAt)
      })
      .immediate()
    return { savedAt }
  }

  discard(key: DraftKey): { discarded: boolean } {
    return { discarded: this.db.transaction(() => this.remove(key)).immediate() }
  }

  /**
   * Runs the save of what a draft was for and discards the draft in the same transaction: the saved
   * version replaces the draft or, when the save is refused, the draft stays.
   */
  settledBy<R>(key: DraftKey, save: () => R): R {
    return this.db
      .transaction(() => {
        this.remove(key)
        return save()
      })
      .immediate()
  }

  private remove(key: DraftKey): boolean {
    return preparedOnce(this.db, 'DELETE FROM drafts WHERE kind = ? AND target_id = ?').run(key.kind, target(key)).changes > 0
  }
}
