import type Database from 'better-sqlite3'
import { CultureError } from '../errors'
import type { AuditLog } from './audit-log'
import { verifyPassword } from './passwords'
import type { Session, SessionService } from './session-service'
import type { User, UserRepository } from './user-repository'

/** Wrong passwords in a row that lock an account … */
export const MAX_FAILED_LOGINS = 5
/** … for this long. Slows guessing to 5 tries per quarter hour per account; the HTTP layer limits per address too. */
export const LOCKOUT_MS = 15 * 60_000

/**
 * Signing in with an email and a password. Every refusal reads the same ('auth.badLogin') whether
 * the account is missing, disabled or the password wrong, and takes as long; only a locked account
 * says so, since its owner needs to know to wait.
 */
export class LoginService {
  constructor(
    private db: Database.Database,
    private users: UserRepository,
    private sessions: SessionService,
    private audit: AuditLog,
    private now: () => Date = () => new Date(),
  ) {}

  async login(email: string, password: string): Promise<{ token: string; session: Session; user: User }> {
    const record = this.users.loginRecord(email)
    const lockedFor = record?.lockedUntil ? Date.parse(record.lockedUntil) - this.now().getTime() : 0
    if (record && lockedFor > 0) throw locked(lockedFor)
    const matches = await verifyPassword(record?.passwordHash ?? null, password)
    if (!record || record.user.disabledAt) throw new CultureError('auth.badLogin')
    if (!matches) {
      const lockedUntil = this.failed(record.user.id)
      throw lockedUntil ? locked(LOCKOUT_MS) : new CultureError('auth.badLogin')
    }
    return this.db.transaction(() => {
      this.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(record.user.id)
      return { ...this.sessions.create(record.user.id), user: record.user }
    })()
  }

  /** Counts a wrong password (atomically: attempts verified side by side all count); the lock's end when this one locked. */
  private failed(userId: string): string | null {
    return this.db.transaction(() => {
      const { failed_logins: count } = this.db
        .prepare('UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins')
        .get(userId) as { failed_logins: number }
      if (count < MAX_FAILED_LOGINS) return null
      const until = new Date(this.now().getTime() + LOCKOUT_MS).toISOString()
      this.db.prepare('UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?').run(until, userId)
      this.audit.append({ userId: null, action: 'user.locked', subject: userId, detail: { until, failures: count } })
      return until
    })()
  }
}

function locked(ms: number): CultureError {
  return new CultureError('auth.locked', { count: Math.max(1, Math.ceil(ms / 60_000)) })
}
