import type Database from 'better-sqlite3'
import { CultureError } from '../errors'
import { openAccounts, type Accounts } from './accounts'
import type { AuditEntry } from './audit-log'
import type { OneTimeLink, Person } from './people-types'
import type { Caller } from './roles'
import { tokenHash } from './secret-token'
import type { UserRepository } from './user-repository'

/** The signed-in admin and the team's accounts in the library they called. */
export interface TeamCaller {
  user: Caller
  accounts: Accounts
}

/**
 * The caller of a users.* or audit.* call with the library's accounts. Only the team server names a
 * caller (dispatch's gate); browser mode and the desktop app have none, and are refused in words.
 */
export function teamOf(db: Database.Database, caller: Caller | undefined): TeamCaller {
  if (!caller) throw new CultureError('auth.notTeamLibrary')
  return { user: caller, accounts: openAccounts(db) }
}

/** Everyone with an account, by name, with the lockout and last use sign-in keeps. */
export function listPeople(db: Database.Database, users: UserRepository, now: Date = new Date()): Person[] {
  const facts = new Map(
    (
      db
        .prepare('SELECT u.id, u.locked_until, (SELECT max(last_seen_at) FROM sessions s WHERE s.user_id = u.id) AS seen FROM users u')
        .all() as { id: string; locked_until: string | null; seen: string | null }[]
    ).map((r) => [r.id, r]),
  )
  return users.list().map((user) => {
    const fact = facts.get(user.id)
    const locked = fact?.locked_until && Date.parse(fact.locked_until) > now.getTime() ? fact.locked_until : null
    return {
      id: user.id,
      email: user.email,
      name: user.displayName,
      roles: user.roles,
      disabled: user.disabledAt !== null,
      lockedUntil: locked,
      lastSeenAt: fact?.seen ?? null,
    }
  })
}

/** The page's route of a token just issued (the window adds its origin and '#'), with when it stops working. */
export function linkOf(db: Database.Database, token: string): OneTimeLink {
  const row = db.prepare('SELECT expires_at FROM invitations WHERE token_hash = ?').get(tokenHash(token)) as { expires_at: string }
  return { path: `/invite/${token}`, expiresAt: row.expires_at }
}

/** The person of the list after a change to them. */
export function personOf(team: TeamCaller, db: Database.Database, id: string): Person {
  return listPeople(db, team.accounts.users).find((p) => p.id === id)!
}

export function auditPage(team: TeamCaller, input: { limit: number; before?: number }): AuditEntry[] {
  return team.accounts.audit.read({ limit: input.limit, before: input.before })
}
