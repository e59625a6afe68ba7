import type Database from 'better-sqlite3'

/**
 * What the audit log records: the account changes here; on a team server also the reviews, exports,
 * imports, restores and backups its people made (action-audit.ts).
 */
export type AuditAction =
  | 'user.created'
  | 'user.rolesChanged'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.locked'
  | 'invitation.created'
  | 'invitation.accepted'
  | 'invitation.revoked'
  | 'invitation.renewed'
  | 'password.resetIssued'
  | 'password.changed'
  | 'sessions.revokedAll'
  | 'story.approved'
  | 'story.archived'
  | 'book.exported'
  | 'pack.exported'
  | 'csv.exported'
  | 'markdown.exported'
  | 'training.exported'
  | 'pack.imported'
  | 'csv.imported'
  | 'library.restored'
  | 'library.backedUp'

export interface AuditEntry {
  id: number
  at: string
  /** Who did it; null for the server itself (a lockout after failed logins). */
  userId: string | null
  action: AuditAction
  /** What it was done to: a user's, story's or backup's id. */
  subject: string
  detail: Record<string, unknown>
}

interface AuditRow {
  id: number
  at: string
  user_id: string | null
  action: AuditAction
  subject: string
  detail: string
}

/**
 * Append-only: entries are written inside the transaction of the change they describe, so a change
 * that rolls back leaves no entry and no change goes unrecorded.
 */
export class AuditLog {
  constructor(
    private db: Database.Database,
    private now: () => Date = () => new Date(),
  ) {}

  append(entry: { userId: string | null; action: AuditAction; subject?: string; detail?: Record<string, unknown> }): void {
    this.db
      .prepare('INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), entry.userId, entry.action, entry.subject ?? '', JSON.stringify(entry.detail ?? {}))
  }

  /** Newest first; `before` (an entry's id) pages further back. */
  read(options: { limit?: number; before?: number; subject?: string } = {}): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT id, at, user_id, action, subject, detail FROM audit_log
         WHERE (@before IS NULL OR id < @before) AND (@subject IS NULL OR subject = @subject)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({ before: options.before ?? null, subject: options.subject ?? null, limit: options.limit ?? 100 }) as AuditRow[]
    return rows.map((r) => ({ id: r.id, at: r.at, userId: r.user_id, action: r.action, subject: r.subject, detail: JSON.parse(r.detail) }))
  }
}
