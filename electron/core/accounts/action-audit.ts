import type Database from 'better-sqlite3'
import type { CultureCore } from '../culture-core'
import type { StatusChanges, Story, StoryStatus } from '../stories/story'
import { AuditLog, type AuditAction } from './audit-log'
import { storyFacts } from './ownership'
import type { Caller } from './roles'

/** An audit entry without its author: the caller's account is filled in. */
export interface AuditNote {
  action: AuditAction
  subject?: string
  detail?: Record<string, unknown>
}

/** The review decisions the log keeps: approving a story, and archiving (turning it down). */
const AUDITED_STATUSES: Partial<Record<StoryStatus, AuditAction>> = { approved: 'story.approved', archived: 'story.archived' }

/**
 * Runs a team server caller's action and appends what `notes` makes of its result, in one
 * transaction: an action that rolls back leaves no entry, and none goes unrecorded. Without a caller
 * (browser mode, the desktop app) the action runs as it always did, and nothing is logged.
 */
export function audited<R>(core: CultureCore, caller: Caller | undefined, act: () => R, notes: (result: R) => AuditNote[]): R {
  if (!caller) return act()
  const log = new AuditLog(core.db)
  // The search index catches up once the transaction ends, so a rolled-back change is never indexed.
  return core.search.batch(() =>
    core.db
      .transaction(() => {
        const result = act()
        for (const note of notes(result)) log.append({ userId: caller.id, ...note })
        return result
      })
      .immediate(),
  )
}

/** One story's status change, with its entry when it approved or archived the story. */
export function auditedStatus(core: CultureCore, caller: Caller | undefined, id: string, status: StoryStatus, change: () => Story): Story {
  const from = storyFacts(core.db, id)?.status ?? status
  return audited(core, caller, change, (story) => reviewNotes(status, [{ id, title: story.title, from }]))
}

/** For work that is no transaction (a job started, a backup file written): one entry once it has succeeded. */
export async function auditedAfter<R>(
  core: CultureCore,
  caller: Caller | undefined,
  act: () => R | Promise<R>,
  note: (result: R) => AuditNote,
): Promise<R> {
  const result = await act()
  if (caller) appendFor(core.db, caller.id, note(result))
  return result
}

/** An export's entry: its job (the file it writes). */
export const jobNote =
  (action: AuditAction) =>
  (job: { id: string }): AuditNote => ({ action, subject: job.id })

/** The entries of a review: one per story whose status it changed to an audited one. */
export function reviewNotes(status: StoryStatus, changes: StatusChanges['changed']): AuditNote[] {
  const action = AUDITED_STATUSES[status]
  if (!action) return []
  return changes.filter((c) => c.from !== status).map((c) => ({ action, subject: c.id, detail: { title: c.title } }))
}

/** An import's entry, inside its write transaction; nothing without the importing account. */
export function auditImport(db: Database.Database, startedBy: string | null, action: AuditAction, created: number, updated: number): void {
  if (startedBy) new AuditLog(db).append({ userId: startedBy, action, detail: { created, updated } })
}

/**
 * After a restore the library is the backup's: the entry goes into it, naming the account when the
 * backup knows it (one from before that person joined does not), the server otherwise.
 */
function appendFor(db: Database.Database, userId: string, note: AuditNote): void {
  const known = db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId) !== undefined
  new AuditLog(db).append({ userId: known ? userId : null, ...note, detail: known ? note.detail : { ...note.detail, by: userId } })
}
