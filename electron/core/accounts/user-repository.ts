import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { CultureError } from '../errors'
import type { AuditLog } from './audit-log'
import { isRole, ROLES, type Role } from './roles'
import { linkTraineeRecord } from '../training/trainee-link'

export interface User {
  id: string
  email: string
  displayName: string
  roles: Role[]
  createdAt: string
  disabledAt: string | null
  /** Whether the account has a password (an SSO-only one, or one an admin reset, has none). */
  hasPassword: boolean
}

/** What sign-in needs besides the user: the hash and the lockout state. */
export interface LoginRecord {
  user: User
  passwordHash: string | null
  failedLogins: number
  lockedUntil: string | null
}

interface UserRow {
  id: string
  email: string
  display_name: string
  password_hash: string | null
  created_at: string
  disabled_at: string | null
  failed_logins: number
  locked_until: string | null
  roles: string | null
}

const SELECT = `SELECT u.*, (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles FROM users u`

/** Loosely checked on purpose: the invitation mail is the real proof an address works. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function normalEmail(email: string): string {
  const trimmed = email.trim()
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw new CultureError('auth.emailInvalid')
  return trimmed
}

/** Distinct and in the order of ROLES, so stored and compared alike. */
export function roleSet(roles: readonly string[]): Role[] {
  const unknown = roles.find((r) => !isRole(r))
  if (unknown !== undefined) throw new CultureError('auth.roleUnknown', { role: String(unknown).slice(0, 40) })
  return ROLES.filter((r) => roles.includes(r))
}

/** The team's accounts and their roles. Every change is one transaction with its audit entry. */
export class UserRepository {
  constructor(
    private db: Database.Database,
    private audit: AuditLog,
    private now: () => Date = () => new Date(),
  ) {}

  get(id: string): User | null {
    const row = this.db.prepare(`${SELECT} WHERE u.id = ?`).get(id) as UserRow | undefined
    return row ? userOf(row) : null
  }

  /** The account to sign in to by `email` (any case), with its hash and lockout state. */
  loginRecord(email: string): LoginRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE u.email = ?`).get(email.trim()) as UserRow | undefined
    return row
      ? { user: userOf(row), passwordHash: row.password_hash, failedLogins: row.failed_logins, lockedUntil: row.locked_until }
      : null
  }

  list(): User[] {
    return (this.db.prepare(`${SELECT} ORDER BY u.display_name COLLATE NOCASE`).all() as UserRow[]).map(userOf)
  }

  /** The enabled accounts that hold `role`. */
  holders(role: Role): string[] {
    return (
      this.db
        .prepare('SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.disabled_at IS NULL')
        .all(role) as { id: string }[]
    ).map((r) => r.id)
  }

  /** A new account; `by` is the admin (or invitation's author) who made it, null for `--create-admin`. */
  create(fields: { email: string; displayName: string; passwordHash: string | null; roles: readonly string[] }, by: string | null): User {
    const email = normalEmail(fields.email)
    const displayName = fields.displayName.trim()
    if (!displayName || displayName.length > 120) throw new CultureError('auth.nameInvalid')
    const roles = roleSet(fields.roles)
    const id = randomUUID()
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM users WHERE email = ?').get(email)) throw new CultureError('auth.emailTaken')
      this.db
        .prepare('INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, email, displayName, fields.passwordHash, this.now().toISOString())
      this.writeRoles(id, roles)
      this.audit.append({ userId: by, action: 'user.created', subject: id, detail: { email, roles } })
    })()
    return this.get(id)!
  }

  setRoles(id: string, roles: readonly string[], by: string): User {
    const wanted = roleSet(roles)
    this.db.transaction(() => {
      const user = this.existing(id)
      const before = user.roles
      if (!wanted.includes('admin')) this.keepAnAdmin(user)
      this.db.prepare('DELETE FROM user_roles WHERE user_id = ?').run(id)
      this.writeRoles(id, wanted)
      this.audit.append({ userId: by, action: 'user.rolesChanged', subject: id, detail: { before, after: wanted } })
    })()
    return this.get(id)!
  }

  /** Signs the person out everywhere and keeps them out; their stories and history keep their name. */
  setDisabled(id: string, disabled: boolean, by: string): User {
    this.db.transaction(() => {
      const user = this.existing(id)
      if (disabled) this.keepAnAdmin(user)
      this.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabled ? this.now().toISOString() : null, id)
      if (disabled) this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id)
      this.audit.append({ userId: by, action: disabled ? 'user.disabled' : 'user.enabled', subject: id })
    })()
    return this.get(id)!
  }

  /** Inside a caller's transaction: throws when there is no such account. */
  existing(id: string): User {
    const user = this.get(id)
    if (!user) throw new CultureError('auth.userNotFound')
    return user
  }

  /** Refuses to take `user` out of the admins when no other enabled admin is left: a team library without one could never be administered again. */
  private keepAnAdmin(user: User): void {
    if (user.roles.includes('admin') && this.holders('admin').every((a) => a === user.id)) throw new CultureError('auth.lastAdmin')
  }

  /** A trainee trains as themselves: the role comes with their own trainee record (kept when it goes). */
  private writeRoles(id: string, roles: Role[]): void {
    const insert = this.db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)')
    for (const role of roles) insert.run(id, role)
    linkTraineeRecord(this.db, id, this.now())
  }
}

function userOf(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: roleSet(row.roles ? row.roles.split(',') : []),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    hasPassword: row.password_hash !== null,
  }
}
