import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { auditImport } from '../accounts/action-audit'
import { problem } from '../errors'
import type { StoryStatus } from '../stories/story'
import type { StoryFields } from '../stories/story-fields'
import type { StoryRepository } from '../stories/story-repository'
import type { CsvProblem } from './csv-types'

/** A row that will be written: a new story, or (with `base`, the updatedAt it was checked against) a changed one. */
export interface CsvRow {
  row: number
  id: string | null
  base: string | null
  fields: StoryFields
  status: StoryStatus
  revision: string | null
}

/** What the write did: the stories written, how many of them existed, and rows refused at the last moment. */
export interface CsvWritten {
  ids: string[]
  updated: number
  problems: CsvProblem[]
}

/**
 * Writes checked rows: here, or on a connection of its own in a worker thread (csv-write-worker.ts);
 * `startedBy` is the team server's account whose import it is (null without accounts).
 */
export type CsvWriter = (good: CsvRow[], startedBy?: string | null) => Promise<CsvWritten>

/**
 * Writes the checked rows in one transaction: all of them or, should anything fail, none. The check
 * ran before the backup, so a story saved, created or trashed since is not overwritten but reported.
 * On a team server the importing account is the new stories' author, names every version the import
 * replaces, and the import's audit entry is written in the same transaction.
 */
export function writeCsvRows(db: Database.Database, stories: StoryRepository, good: CsvRow[], startedBy: string | null = null): CsvWritten {
  const now = new Date().toISOString()
  const written: CsvWritten = { ids: [], updated: 0, problems: [] }
  const stateOf = db.prepare('SELECT updated_at AS updatedAt, deleted_at AS deletedAt FROM stories WHERE id = ?')
  const write = db.transaction(() => {
    for (const g of good) {
      const id = g.id ?? randomUUID()
      const state = g.id ? (stateOf.get(id) as { updatedAt: string; deletedAt: string | null } | undefined) : undefined
      if ((state?.updatedAt ?? null) !== g.base || state?.deletedAt) {
        written.problems.push({ row: g.row, ...problem('csv.changedDuringImport') })
        continue
      }
      // Later than the version it replaces, so exchanges can tell which side changed.
      const updatedAt = state && state.updatedAt >= now ? new Date(Date.parse(state.updatedAt) + 1).toISOString() : now
      // A row that changes a story is an edit made here: a new revision.
      stories.putFromElsewhere(id, g.fields, { status: g.status, createdAt: now, updatedAt, revisionId: g.revision ?? randomUUID() })
      if (state) written.updated++
      written.ids.push(id)
    }
    auditImport(db, startedBy, 'csv.imported', written.ids.length - written.updated, written.updated)
  })
  stories.revisions.actingAs(startedBy, () => write.immediate())
  return written
}
