import type Database from 'better-sqlite3'
import { preparedOnce } from '../library/prepared-once'
import { createHash, randomUUID } from 'node:crypto'

/**
 * The revision id of a version known only by its story id and `updatedAt`: the stories a library
 * held before revisions had ids, and the stories of version-1 packs. Both libraries that hold
 * such a version derive the same id, so they still see that they agree. Never change it.
 */
export function legacyRevisionId(storyId: string, updatedAt: string): string {
  const h = createHash('sha256').update(`culture-book-revision\n${storyId}\n${updatedAt}`).digest('hex')
  // Shaped as a UUID version 8 (custom), so it passes where revision ids are checked.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * Every story version has a revision id; a story's lineage is every revision it has passed
 * through, plus those another library's pack told it about when it took or overruled them.
 * Packs decide "older", "updated" or "conflict" from it, never from clocks.
 * All writes run inside the caller's transaction.
 */
export class StoryLineage {
  constructor(private db: Database.Database) {}

  current(storyId: string): string | null {
    return (
      (preparedOnce(this.db, 'SELECT revision_id AS r FROM stories WHERE id = ?').get(storyId) as { r: string | null } | undefined)?.r ??
      null
    )
  }

  has(storyId: string, revisionId: string): boolean {
    return !!preparedOnce(this.db, 'SELECT 1 FROM story_lineage WHERE story_id = ? AND revision_id = ?').get(storyId, revisionId)
  }

  /** Every revision the story passed through or was told of, oldest first, the current one left out. */
  ancestors(storyId: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT l.revision_id AS r FROM story_lineage l JOIN stories s ON s.id = l.story_id
           WHERE l.story_id = ? AND l.revision_id IS NOT s.revision_id ORDER BY l.rowid`,
        )
        .all(storyId) as { r: string }[]
    ).map((row) => row.r)
  }

  /** Remembers revisions as passed (idempotent). */
  record(storyId: string, revisionIds: Iterable<string>): void {
    const insert = preparedOnce(this.db, 'INSERT OR IGNORE INTO story_lineage (story_id, revision_id) VALUES (?, ?)')
    for (const r of revisionIds) insert.run(storyId, r)
  }

  /** Makes `revisionId` (a new one unless given) the story's current version. */
  advance(storyId: string, revisionId: string = randomUUID()): string {
    preparedOnce(this.db, 'UPDATE stories SET revision_id = ? WHERE id = ?').run(revisionId, storyId)
    this.record(storyId, [revisionId])
    return revisionId
  }

  /** Stories deleted for good take their lineage with them. */
  forget(storyIds: string[]): void {
    const remove = this.db.prepare('DELETE FROM story_lineage WHERE story_id = ?')
    for (const id of storyIds) remove.run(id)
  }
}
