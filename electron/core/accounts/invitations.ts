import type Database from 'better-sqlite3'
import { CultureError } from '../errors'
import type { AuditLog } from './audit-log'
import type { InvitationFacts, PendingInvitation } from './people-types'
import { hashPassword } from './passwords'
import type { Role } from './roles'
import { newToken, tokenHash } from './secret-token'
import { normalEmail, roleSet, type User, type UserRepository } from './user-repository'

/** An invitation to join holds for a week … */
export const INVITATION_MS = 7 * 24 * 3600_000
/** … a password reset link for a day. */
export const RESET_MS = 24 * 3600_000

interface InvitationRow {
  token_hash: string
  kind: 'join' | 'reset'
  email: string
  roles: string
  user_id: string | null
  created_at: string
  expires_at: string
  used_at: string | null
  created_by: string | null
}

/**
 * Links that let one person in once: an invitation to join with the roles an admin chose, or a
 * password reset an admin issued. The raw token is in the link only; the library keeps its hash.
 */
export class Invitations {
  constructor(
    private db: Database.Database,
    private users: UserRepository,
    private audit: AuditLog,
    private now: () => Date = () => new Date(),
  ) {}

  /** The token for the link; shown once. */
  invite(email: string, roles: readonly Role[], by: string): string {
    const address = normalEmail(email)
    const wanted = roleSet(roles)
    return this.db.transaction(() => {
      if (this.users.loginRecord(address)) throw new CultureError('auth.emailTaken')
      const token = this.insert('join', address, wanted, null, INVITATION_MS, by)
      this.audit.append({ userId: by, action: 'invitation.created', subject: address, detail: { roles: wanted } })
      return token
    })()
  }

  /**
   * An admin's password reset: the old password stops working and every session ends at once (it may
   * be known to someone else); the token's link lets the person choose a new one within a day.
   */
  issueReset(userId: string, by: string): string {
    return this.db.transaction(() => {
      const user = this.users.existing(userId)
      // Only the newest link works.
      this.db
        .prepare("UPDATE invitations SET used_at = ? WHERE kind = 'reset' AND user_id = ? AND used_at IS NULL")
        .run(this.stamp(), userId)
      this.db.prepare('UPDATE users SET password_hash = NULL, failed_logins = 0, locked_until = NULL WHERE id = ?').run(userId)
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId)
      const token = this.insert('reset', user.email, user.roles, userId, RESET_MS, by)
      this.audit.append({ userId: by, action: 'password.resetIssued', subject: userId })
      return token
    })()
  }

  /** Whom a usable link is for; refused (auth.invitationInvalid) as taking it up would be. */
  describe(token: string): InvitationFacts {
    const row = this.usable(token)
    const displayName = row.user_id ? this.users.existing(row.user_id).displayName : ''
    return { kind: row.kind, email: row.email, displayName, expiresAt: row.expires_at }
  }

  /**
   * Invitations to join not taken up yet, newest first, expired ones too (an admin may send a new
   * link); none to an address that has an account by now (it joined through another).
   */
  pending(): PendingInvitation[] {
    const rows = this.db
      .prepare(
        `SELECT i.token_hash, i.email, i.roles, i.created_at, i.expires_at, coalesce(nullif(u.display_name, ''), u.email) AS invited_by
         FROM invitations i LEFT JOIN users u ON u.id = i.created_by
         WHERE i.kind = 'join' AND i.used_at IS NULL AND NOT EXISTS (SELECT 1 FROM users a WHERE a.email = i.email)
         ORDER BY i.created_at DESC`,
      )
      .all() as (Pick<InvitationRow, 'token_hash' | 'email' | 'roles' | 'created_at' | 'expires_at'> & { invited_by: string | null })[]
    return rows.map((row) => ({
      id: row.token_hash,
      email: row.email,
      roles: JSON.parse(row.roles) as Role[],
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      invitedBy: row.invited_by,
    }))
  }

  /** Takes a pending invitation back: its link opens nothing from now on. */
  revoke(id: string, by: string): void {
    this.db.transaction(() => {
      const row = this.pendingRow(id)
      this.db.prepare('DELETE FROM invitations WHERE token_hash = ?').run(id)
      this.audit.append({
        userId: by,
        action: 'invitation.revoked',
        subject: row.email,
        detail: { roles: JSON.parse(row.roles) as Role[] },
      })
    })()
  }

  /** A new link for a pending invitation (expired, or its link lost), with the same roles; the old link ends. The token, shown once. */
  renew(id: string, by: string): string {
    return this.db.transaction(() => {
      const row = this.pendingRow(id)
      this.db.prepare('DELETE FROM invitations WHERE token_hash = ?').run(id)
      const roles = JSON.parse(row.roles) as Role[]
      const token = this.insert('join', row.email, roles, null, INVITATION_MS, by)
      this.audit.append({ userId: by, action: 'invitation.renewed', subject: row.email, detail: { roles } })
      return token
    })()
  }

  /** A pending invitation to join by its id (inside the caller's transaction); gone once taken up or revoked. */
  private pendingRow(id: string): InvitationRow {
    const row = this.db.prepare("SELECT * FROM invitations WHERE token_hash = ? AND kind = 'join' AND used_at IS NULL").get(id) as
      InvitationRow | undefined
    if (!row) throw new CultureError('auth.invitationGone')
    if (this.users.loginRecord(row.email)) throw new CultureError('auth.emailTaken')
    return row
  }

  /** Takes the link up: a join creates the account with the invited roles, a reset sets the new password. */
  async accept(token: string, answer: { password: string; displayName?: string }): Promise<User> {
    this.usable(token)
    // Hashed before the transaction: argon2 takes tens of milliseconds that no writer should wait for.
    const passwordHash = await hashPassword(answer.password)
    return this.db.transaction(() => {
      // Checked again inside: the same link taken twice at once succeeds once.
      const row = this.usable(token)
      this.db.prepare('UPDATE invitations SET used_at = ? WHERE token_hash = ?').run(this.stamp(), row.token_hash)
      if (row.kind === 'reset') {
        this.db
          .prepare('UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?')
          .run(passwordHash, row.user_id)
        this.audit.append({ userId: row.user_id, action: 'password.changed', subject: row.user_id! })
        return this.users.existing(row.user_id!)
      }
      return this.join(row, answer.displayName ?? '', passwordHash)
    })()
  }

  /**
   * Single sign-on: the identity provider vouches for `email`, so its pending invitation to join is
   * taken up without the link, as an account with the invited roles and no password. Null without one.
   */
  acceptVerified(email: string, displayName: string): User | null {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          "SELECT * FROM invitations WHERE kind = 'join' AND email = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC",
        )
        .get(email.trim(), this.stamp()) as InvitationRow | undefined
      if (!row) return null
      // Every pending invitation for the address ends: the account exists now.
      this.db
        .prepare("UPDATE invitations SET used_at = ? WHERE kind = 'join' AND email = ? AND used_at IS NULL")
        .run(this.stamp(), row.email)
      return this.join(row, displayName, null, { by: 'sso' })
    })()
  }

  /** The invited account, with the invitation's roles (inside the caller's transaction). */
  private join(row: InvitationRow, displayName: string, passwordHash: string | null, detail: Record<string, unknown> = {}): User {
    const user = this.users.create(
      { email: row.email, displayName, passwordHash, roles: JSON.parse(row.roles) as string[] },
      // The account was made by whoever sent the invitation.
      row.created_by,
    )
    this.audit.append({ userId: user.id, action: 'invitation.accepted', subject: user.id, detail: { roles: user.roles, ...detail } })
    return user
  }

  /** One refusal for a link unknown, used or expired: which of them is nobody else's business. */
  private usable(token: string): InvitationRow {
    const row = this.db.prepare('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash(token)) as InvitationRow | undefined
    if (!row || row.used_at || Date.parse(row.expires_at) <= this.now().getTime()) throw new CultureError('auth.invitationInvalid')
    return row
  }

  private insert(kind: 'join' | 'reset', email: string, roles: Role[], userId: string | null, ttl: number, by: string): string {
    const token = newToken()
    const at = this.now()
    this.db
      .prepare(
        `INSERT INTO invitations (token_hash, kind, email, roles, user_id, created_at, expires_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(tokenHash(token), kind, email, JSON.stringify(roles), userId, at.toISOString(), new Date(at.getTime() + ttl).toISOString(), by)
    return token
  }

  private stamp(): string {
    return this.now().toISOString()
  }
}
