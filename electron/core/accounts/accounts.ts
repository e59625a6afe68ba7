import type Database from 'better-sqlite3'
import { AuditLog } from './audit-log'
import { Invitations } from './invitations'
import { LoginService } from './login-service'
import { SessionService } from './session-service'
import { UserRepository } from './user-repository'

/** Accounts, sessions, sign-in, invitations and the audit log of one team library, on one clock. */
export interface Accounts {
  users: UserRepository
  sessions: SessionService
  logins: LoginService
  invitations: Invitations
  audit: AuditLog
}

/** `now` is the wall clock unless a test moves time on (lockouts, expiry). */
export function openAccounts(db: Database.Database, now: () => Date = () => new Date()): Accounts {
  const audit = new AuditLog(db, now)
  const users = new UserRepository(db, audit, now)
  const sessions = new SessionService(db, users, audit, now)
  return {
    users,
    sessions,
    logins: new LoginService(db, users, sessions, audit, now),
    invitations: new Invitations(db, users, audit, now),
    audit,
  }
}
