import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { RevisionReason, Story, StoryRevision } from './story'

/** Keeps the version before every change, inside the change's own transaction. */
export class StoryRevisions {
  constructor(private db: Database.Database) {}

  keep(story: Story, reason: RevisionReason): void {
    this.db
      .prepare('INSERT INTO story_revisions (id, story_id, reason, snapshot, saved_at) VALUES (?, ?, ?, ?, ?)')
      .run(randomUUID(), story.id, reason, JSON.stringify(story), new Date().toISOString())
  }

  list(storyId: string): StoryRevision[] {
    return (
      this.db.prepare('SELECT * FROM story_revisions WHERE story_id = ? ORDER BY saved_at DESC, rowid DESC').all(storyId) as {
        id: string
        story_id: string
        reason: RevisionReason
        snapshot: string
        saved_at: string
      }[]
    ).map((r) => ({ id: r.id, storyId: r.story_id, reason: r.reason, snapshot: JSON.parse(r.snapshot), savedAt: r.saved_at }))
  }

  get(id: string): StoryRevision | null {
    const r = this.db.prepare('SELECT * FROM story_revisions WHERE id = ?').get(id) as
      | { id: string; story_id: string; reason: RevisionReason; snapshot: string; saved_at: string }
      | undefined
    return r ? { id: r.id, storyId: r.story_id, reason: r.reason, snapshot: JSON.parse(r.snapshot), savedAt: r.saved_at } : null
  }

  /** Once a backup holds them, the last snapshots of stories deleted for good can go. */
  pruneDeleted(): number {
    return this.db.prepare('DELETE FROM story_revisions WHERE story_id NOT IN (SELECT id FROM stories)').run().changes
  }
}
