import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { ReviewNote, RevisionReason, Story, StoryRevision } from './story'
import { withEveryField } from './story-fields'
import { preparedOnce } from '../library/prepared-once'

interface RevisionRow {
  id: string
  story_id: string
  reason: RevisionReason
  snapshot: string
  saved_at: string
  note: string | null
  noted_by: string | null
  /** The display name of the account that made the change (joined from users), when one did. */
  by_name?: string | null
}

/** A version saved before a field existed reads with that field empty, so it compares and restores like any. */
function toRevision(r: RevisionRow): StoryRevision {
  const snapshot: Story = withEveryField(JSON.parse(r.snapshot))
  const revision: StoryRevision = { id: r.id, storyId: r.story_id, reason: r.reason, snapshot, savedAt: r.saved_at }
  if (r.note) revision.note = r.note
  if (r.noted_by) revision.notedBy = r.noted_by
  if (r.by_name) revision.changedBy = r.by_name
  return revision
}

/** Keeps the version before every change, inside the change's own transaction. */
export class StoryRevisions {
  /** The signed-in account whose call is running (team server); null in browser mode and the desktop app. */
  private actor: string | null = null

  constructor(private db: Database.Database) {}

  /**
   * Runs `write` as `userId`: every version it keeps (and every story it creates) names that account.
   * Synchronous on purpose: the writes run inside it without an await, so no other call can interleave.
   */
  actingAs<R>(userId: string | null, write: () => R): R {
    const before = this.actor
    this.actor = userId
    try {
      return write()
    } finally {
      this.actor = before
    }
  }

  /** The account the running call acts for, or null. */
  get actingUser(): string | null {
    return this.actor
  }

  /** `review` says why and by whom the change that follows is made (an archive's reason). */
  keep(story: Story, reason: RevisionReason, review: ReviewNote = {}): void {
    preparedOnce(
      this.db,
      'INSERT INTO story_revisions (id, story_id, reason, snapshot, saved_at, note, noted_by, by_user) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      randomUUID(),
      story.id,
      reason,
      JSON.stringify(story),
      new Date().toISOString(),
      review.note || null,
      review.by || null,
      this.actor,
    )
  }

  list(storyId: string): StoryRevision[] {
    return (
      this.db
        .prepare(
          `SELECT r.*, u.display_name AS by_name FROM story_revisions r LEFT JOIN users u ON u.id = r.by_user
           WHERE r.story_id = ? ORDER BY r.saved_at DESC, r.rowid DESC`,
        )
        .all(storyId) as RevisionRow[]
    ).map(toRevision)
  }

  /**
   * Who made the story's current version, when a signed-in person other than the caller did: the newest
   * kept version names whoever replaced it. Null in browser mode and the desktop app, which name nobody.
   */
  lastEditorBesides(storyId: string, caller: string | null): string | null {
    const row = this.db
      .prepare(
        `SELECT r.by_user, u.display_name FROM story_revisions r JOIN users u ON u.id = r.by_user
         WHERE r.story_id = ? ORDER BY r.saved_at DESC, r.rowid DESC LIMIT 1`,
      )
      .get(storyId) as { by_user: string; display_name: string } | undefined
    return row && row.by_user !== caller ? row.display_name : null
  }

  get(id: string): StoryRevision | null {
    const r = this.db.prepare('SELECT * FROM story_revisions WHERE id = ?').get(id) as RevisionRow | undefined
    return r ? toRevision(r) : null
  }

  /** Once a backup holds them, the last snapshots of stories deleted for good can go. */
  pruneDeleted(): number {
    return this.db.prepare('DELETE FROM story_revisions WHERE story_id NOT IN (SELECT id FROM stories)').run().changes
  }
}
