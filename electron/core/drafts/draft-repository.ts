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
 * Whose draft: a team server's signed-in account, or '' without accounts (browser mode, the desktop
 * app), so two people editing one story never share or overwrite one draft (migration 23).
 */
export type DraftOwner = string | null
const ownerOf = (owner: DraftOwner) => owner ?? ''

/**
 * Editors' unsaved work (table `drafts`, migrations 16 and 23). Never listed, searched or packed as a
 * story: only the editor that wrote a draft asks for it again, and only its owner can reach it (no
 * parameter names another owner).
 */
export class DraftRepository {
  constructor(private db: Database.Database) {}

  get(key: DraftKey, owner: DraftOwner = null): Draft | null {
    const row = preparedOnce(this.db, 'SELECT * FROM drafts WHERE owner = ? AND kind = ? AND target_id = ?').get(
      ownerOf(owner),
      key.kind,
      target(key),
    ) as DraftRow | undefined
    if (!row) return null
    return {
      kind: row.kind,
      id: row.target_id || null,
      content: JSON.parse(row.content) as Record<string, unknown>,
      baseUpdatedAt: row.base_updated_at,
      savedAt: row.saved_at,
    }
  }

  save(draft: DraftSave, owner: DraftOwner = null): { savedAt: string } {
    const savedAt = new Date().toISOString()
    this.db
      .transaction(() => {
        preparedOnce(
          this.db,
          `INSERT INTO drafts (owner, kind, target_id, content, base_updated_at, saved_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (owner, kind, target_id) DO UPDATE SET content = excluded.content, base_updated_at = excluded.base_updated_at, saved_at = excluded.saved_at`,
        ).run(ownerOf(owner), draft.kind, target(draft), JSON.stringify(draft.content), draft.baseUpdatedAt, savedAt)
      })
      .immediate()
    return { savedAt }
  }

  discard(key: DraftKey, owner: DraftOwner = null): { discarded: boolean } {
    return { discarded: this.db.transaction(() => this.remove(key, owner)).immediate() }
  }

  /**
   * Runs the save of what a draft was for and discards the draft in the same transaction: the saved
   * version replaces the draft or, when the save is refused, the draft stays. Only the owner's draft:
   * someone else's of the same story stays theirs (their next save meets the conflict view).
   */
  settledBy<R>(key: DraftKey, save: () => R, owner: DraftOwner = null): R {
    return this.db
      .transaction(() => {
        this.remove(key, owner)
        return save()
      })
      .immediate()
  }

  private remove(key: DraftKey, owner: DraftOwner): boolean {
    return (
      preparedOnce(this.db, 'DELETE FROM drafts WHERE owner = ? AND kind = ? AND target_id = ?').run(ownerOf(owner), key.kind, target(key))
        .changes > 0
    )
  }
}
