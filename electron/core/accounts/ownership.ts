import type Database from 'better-sqlite3'
import type { StoryStatus } from '../stories/story'

/** What the permission rules ask of a story: its status, who wrote it, whether it is in the trash. */
export interface StoryFacts {
  status: StoryStatus
  /** The account that wrote it; null for stories from before accounts, imports and packs (curators only). */
  createdBy: string | null
  trashed: boolean
}

export function storyFacts(db: Database.Database, id: string): StoryFacts | null {
  const row = db.prepare('SELECT status, created_by, deleted_at FROM stories WHERE id = ?').get(id) as
    { status: StoryStatus; created_by: string | null; deleted_at: string | null } | undefined
  return row ? { status: row.status, createdBy: row.created_by, trashed: row.deleted_at !== null } : null
}

/** The account a trainee record belongs to; null when it has none (kept by a trainer) or there is no such trainee. */
export function traineeUser(db: Database.Database, traineeId: string): string | null {
  const row = db.prepare('SELECT user_id FROM trainees WHERE id = ?').get(traineeId) as { user_id: string | null } | undefined
  return row?.user_id ?? null
}

/** Whether an enabled curator other than `userId` could review a story. */
export function anotherCurator(db: Database.Database, userId: string): boolean {
  return !!db
    .prepare(
      `SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id
       WHERE r.role = 'curator' AND u.disabled_at IS NULL AND u.id <> ? LIMIT 1`,
    )
    .get(userId)
}
