import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import type { AuditLog } from './audit-log'
import { newToken, tokenHash } from './secret-token'
import type { User, UserRepository } from './user-repository'

/** A session ends after this long unused … */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000
/** … and after this long in any case, however busy. */
export const SESSION_MAX_MS = 30 * 24 * 3600_000
/** last_seen_at is written at most this often: not one write per request under load. */
const TOUCH_EVERY_MS = 60_000

export interface Session {
  /** The token's SHA-256: what the library stores and audit entries may name. */
  id: string
  userId: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  /** Per session: the HTTP layer derives the CSRF token every state-changing call must carry from it. */
  csrfSecret: string
}

interface SessionRow {
  id: string
  user_id: string
  created_at: string
  last_seen_at: string
  expires_at: string
  csrf_secret: string
}

/**
 * Sign-in sessions. The raw token exists only in the answer to `create` (the cookie); the library
 * keeps its hash, so `validate` hashes what the browser sends and looks that up.
 */
export class SessionService {
  constructor(
    private db: Database.Database,
    private users: UserRepository,
    private audit: AuditLog,
    private now: () => Date = () => new Date(),
  ) {}

  /** A new session for `userId`: always a new id, so a token planted before sign-in is never adopted. */
  create(userId: string): { token: string; session: Session } {
    const token = newToken()
    const at = this.now()
    const session: Session = {
      id: tokenHash(token),
      userId,
      createdAt: at.toISOString(),
      lastSeenAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + SESSION_IDLE_MS).toISOString(),
      csrfSecret: randomBytes(32).toString('base64url'),
    }
    this.db
      .prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, csrf_secret) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session.id, userId, session.createdAt, session.lastSeenAt, session.expiresAt, session.csrfSecret)
    return { token, session }
  }

  /**
   * The session and its (enabled) user for a token, its expiry moved on by use; null for an
   * unknown, expired or revoked token, or a disabled account. An expired session is removed.
   * `use: false` only checks (an open change stream is not the person using the library).
   */
  validate(token: string, { use = true } = {}): { session: Session; user: User } | null {
    const id = tokenHash(token)
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined
    if (!row) return null
    const now = this.now()
    const user = this.users.get(row.user_id)
    if (Date.parse(row.expires_at) <= now.getTime() || !user || user.disabledAt) {
      this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id)
      return null
    }
    let session = sessionOf(row)
    if (use && now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
      const until = Math.min(now.getTime() + SESSION_IDLE_MS, Date.parse(row.created_at) + SESSION_MAX_MS)
      session = { ...session, lastSeenAt: now.toISOString(), expiresAt: new Date(until).toISOString() }
      this.db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(session.lastSeenAt, session.expiresAt, id)
    }
    return { session, user }
  }

  /** Signing out: the token opens nothing afterwards, whoever holds a copy. */
  revoke(token: string): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id = ?').run(tokenHash(token)).changes > 0
  }

  /** Every session of `userId` (a stolen laptop, a password reset); `by` is who asked. */
  revokeAll(userId: string, by: string | null): number {
    return this.db.transaction(() => {
      const ended = this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes
      this.audit.append({ userId: by, action: 'sessions.revokedAll', subject: userId, detail: { ended } })
      return ended
    })()
  }

  /** Removes the sessions that expired unused (the server runs this now and then). */
  sweep(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now().toISOString()).changes
  }
}

function sessionOf(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    csrfSecret: row.csrf_secret,
  }
}
