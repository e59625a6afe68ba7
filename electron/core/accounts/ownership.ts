import type Database from 'better-sqlite3'
import type { StoryStatus } from '../stories/story'

/** What the permission rules ask of a story: its status, who wrote it, whether it is in the trash. */
export interface StoryFacts {
  status: StoryStatus
  /** The account that wrote it; null for stories from before accounts, imports and packs (curators only). */
  createdBy: string | null
  trashed: boolean
}

interface FactsRow {
  id: string
  status: StoryStatus
  created_by: string | null
  deleted_at: string | null
}

/** An approved story outside the trash: the one kind everybody on the team reads. */
export const everybodys = (story: StoryFacts | null | undefined): boolean => !!story && story.status === 'approved' && !story.trashed

const factsOf = (row: FactsRow): StoryFacts => ({ status: row.status, createdBy: row.created_by, trashed: row.deleted_at !== null })

export function storyFacts(db: Database.Database, id: string): StoryFacts | null {
  const row = db.prepare('SELECT id, status, created_by, deleted_at FROM stories WHERE id = ?').get(id) as FactsRow | undefined
  return row ? factsOf(row) : null
}

/** The facts of several stories in one query (a change that names them); stories deleted for good are absent. */
export function storiesFacts(db: Database.Database, ids: readonly string[]): Map<string, StoryFacts> {
  const rows = db
    .prepare('SELECT id, status, created_by, deleted_at FROM stories WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as FactsRow[]
  return new Map(rows.map((row) => [row.id, factsOf(row)]))
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
