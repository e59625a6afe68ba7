import { parseOptions } from '@node-rs/argon2'
import { readFileSync, existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../electron/core/accounts/login-service'
import { checkPassword, hashPassword, verifyPassword } from '../../electron/core/accounts/passwords'
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../electron/core/accounts/session-service'
import { INVITATION_MS, RESET_MS } from '../../electron/core/accounts/invitations'
import type { CultureError } from '../../electron/core/errors'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { openCore } from '../../electron/core/culture-core'
import { oldFormatLibrary, tempCore, tempDir, thrown } from './temp-library'

const PASSWORD = 'correct horse battery'

/** The wall clock, moved on by the test when it needs time to pass (lockouts, expiry). */
function movableClock() {
  let offset = 0
  return { now: () => new Date(Date.now() + offset), pass: (ms: number) => (offset += ms) }
}

async function rejected(promise: Promise<unknown>): Promise<CultureError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal, but the call succeeded')
    },
    (err: CultureError) => err,
  )
}

function team() {
  const core = tempCore()
  const clock = movableClock()
  const accounts = openAccounts(core.db, clock.now)
  return { core, clock, accounts }
}

async function member(accounts: ReturnType<typeof openAccounts>, email = 'ann@example.com', roles = ['contributor']) {
  return accounts.users.create({ email, displayName: 'Ann Berg', passwordHash: await hashPassword(PASSWORD), roles }, null)
}

describe('passwords', () => {
  it('are hashed with argon2id at the documented cost, salted, and verified', async () => {
    const stored = await hashPassword(PASSWORD)
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true)
    expect(parseOptions(stored)).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32, saltLen: 16 })
    expect(await hashPassword(PASSWORD)).not.toBe(stored)
    expect(await verifyPassword(stored, PASSWORD)).toBe(true)
    expect(await verifyPassword(stored, 'correct horse battery!')).toBe(false)
    // No stored hash (SSO only, or no account): a decoy is checked, and the answer is no.
    expect(await verifyPassword(null, PASSWORD)).toBe(false)
  })

  it('refuses passwords under 10 characters, absurdly long ones and common ones', () => {
    expect(thrown<CultureError>(() => checkPassword('nine char')).code).toBe('auth.passwordTooShort')
    expect(thrown<CultureError>(() => checkPassword('nine char')).message).toContain('at least 10 characters')
    expect(thrown<CultureError>(() => checkPassword('x'.repeat(201))).code).toBe('auth.passwordTooLong')
    expect(thrown<CultureError>(() => checkPassword('Password123')).code).toBe('auth.passwordTooCommon')
    expect(thrown<CultureError>(() => checkPassword('1234567890')).code).toBe('auth.passwordTooCommon')
    // Ten characters counted as a person counts them, not as UTF-16 units.
    expect(thrown<CultureError>(() => checkPassword('😀😀😀😀😀😀😀😀😀')).code).toBe('auth.passwordTooShort')
    expect(() => checkPassword('tenchars!!')).not.toThrow()
  })
})

describe('accounts', () => {
  it('have unique email addresses in any case, and roles in a fixed order', async () => {
    const { accounts } = team()
    const ann = await member(accounts, 'Ann@Example.com', ['trainee', 'contributor', 'trainee'])
    expect(ann.roles).toEqual(['contributor', 'trainee'])
    expect(ann.hasPassword).toBe(true)
    expect(
      thrown<CultureError>(() => accounts.users.create({ email: 'ann@example.COM', displayName: 'A', passwordHash: null, roles: [] }, null))
        .code,
    ).toBe('auth.emailTaken')
    expect(
      thrown<CultureError>(() => accounts.users.create({ email: 'no-at-sign', displayName: 'A', passwordHash: null, roles: [] }, null))
        .code,
    ).toBe('auth.emailInvalid')
    expect(thrown<CultureError>(() => accounts.users.setRoles(ann.id, ['owner'], ann.id)).code).toBe('auth.roleUnknown')
    // SSO only: no password at all.
    expect(
      accounts.users.create({ email: 'sso@example.com', displayName: 'Sso', passwordHash: null, roles: ['trainee'] }, null).hasPassword,
    ).toBe(false)
  })

  it('keep at least one enabled admin', async () => {
    const { accounts } = team()
    const admin = await member(accounts, 'admin@example.com', ['admin'])
    expect(thrown<CultureError>(() => accounts.users.setRoles(admin.id, ['curator'], admin.id)).code).toBe('auth.lastAdmin')
    expect(thrown<CultureError>(() => accounts.users.setDisabled(admin.id, true, admin.id)).code).toBe('auth.lastAdmin')
    const second = await member(accounts, 'second@example.com', ['admin'])
    expect(accounts.users.setRoles(admin.id, ['curator'], second.id).roles).toEqual(['curator'])
    const log = accounts.audit.read({ subject: admin.id })
    expect(log[0]).toMatchObject({ userId: second.id, action: 'user.rolesChanged', detail: { before: ['admin'], after: ['curator'] } })
  })
})

describe('sessions', () => {
  it('store only the SHA-256 of the token handed out, in the table and in the file', async () => {
    const { core, accounts } = team()
    const ann = await member(accounts)
    const { token, session } = accounts.sessions.create(ann.id)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(session.id).toBe(createHash('sha256').update(token).digest('hex'))
    const row = core.db.prepare('SELECT * FROM sessions').get() as Record<string, string>
    expect(Object.values(row)).not.toContain(token)
    core.db.pragma('wal_checkpoint(TRUNCATE)')
    for (const file of [core.libraryPath, `${core.libraryPath}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(token)).toBe(false)
    }
    expect(accounts.sessions.validate(token)?.user).toMatchObject({ id: ann.id, roles: ['contributor'] })
    expect(accounts.sessions.validate(session.id)).toBeNull()
  })

  it('slide while used, end when idle or too old, and end on sign-out everywhere', async () => {
    const { accounts, clock } = team()
    const ann = await member(accounts)
    const { token } = accounts.sessions.create(ann.id)
    // Used every six days: never idle for seven, so it lives on …
    for (let day = 6; day < 30; day += 6) {
      clock.pass(6 * 24 * 3600_000)
      expect(accounts.sessions.validate(token), `day ${day}`).not.toBeNull()
    }
    // … until thirty days after sign-in, however busy.
    clock.pass(SESSION_MAX_MS - 24 * 24 * 3600_000)
    expect(accounts.sessions.validate(token)).toBeNull()

    const idle = accounts.sessions.create(ann.id).token
    clock.pass(SESSION_IDLE_MS)
    expect(accounts.sessions.validate(idle)).toBeNull()

    const one = accounts.sessions.create(ann.id).token
    const two = accounts.sessions.create(ann.id).token
    expect(accounts.sessions.revoke(one)).toBe(true)
    expect(accounts.sessions.validate(one)).toBeNull()
    expect(accounts.sessions.validate(two)).not.toBeNull()
    expect(accounts.sessions.revokeAll(ann.id, ann.id)).toBe(1)
    expect(accounts.sessions.validate(two)).toBeNull()

    const three = accounts.sessions.create(ann.id).token
    const admin = await member(accounts, 'admin@example.com', ['admin'])
    accounts.users.setDisabled(ann.id, true, admin.id)
    expect(accounts.sessions.validate(three)).toBeNull()
  })
})

describe('signing in', () => {
  it('gives a new session for the right password, the same refusal for a wrong one or an unknown account', async () => {
    const { accounts } = team()
    const ann = await member(accounts)
    const first = await accounts.logins.login('ANN@example.com', PASSWORD)
    const second = await accounts.logins.login('ann@example.com', PASSWORD)
    expect(first.user.id).toBe(ann.id)
    expect(second.token).not.toBe(first.token)
    expect((await rejected(accounts.logins.login('ann@example.com', 'wrong password'))).code).toBe('auth.badLogin')
    expect((await rejected(accounts.logins.login('nobody@example.com', PASSWORD))).code).toBe('auth.badLogin')
  })

  it(`locks an account for 15 minutes after ${MAX_FAILED_LOGINS} wrong passwords, even against the right one`, async () => {
    const { accounts, clock } = team()
    const ann = await member(accounts)
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect((await rejected(accounts.logins.login(ann.email, `wrong password ${i}`))).code).toBe('auth.badLogin')
    }
    const locking = await rejected(accounts.logins.login(ann.email, 'wrong password 5'))
    expect(locking.code).toBe('auth.locked')
    expect(locking.message).toContain('15 minutes')
    expect((await rejected(accounts.logins.login(ann.email, PASSWORD))).code).toBe('auth.locked')
    clock.pass(LOCKOUT_MS - 60_000)
    const later = await rejected(accounts.logins.login(ann.email, PASSWORD))
    expect(later.message).toContain('1 minute.')
    clock.pass(60_000)
    expect((await accounts.logins.login(ann.email, PASSWORD)).user.id).toBe(ann.id)
    expect(accounts.audit.read({ subject: ann.id }).map((e) => e.action)).toContain('user.locked')
    // A success starts the count again: four more wrong ones do not lock.
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await rejected(accounts.logins.login(ann.email, `wrong again ${i}`))
    expect((await accounts.logins.login(ann.email, PASSWORD)).user.id).toBe(ann.id)
  })

  it('refuses a disabled account as it refuses a wrong password', async () => {
    const { accounts } = team()
    const admin = await member(accounts, 'admin@example.com', ['admin'])
    const ann = await member(accounts)
    accounts.users.setDisabled(ann.id, true, admin.id)
    expect((await rejected(accounts.logins.login(ann.email, PASSWORD))).code).toBe('auth.badLogin')
  })
})

describe('invitations', () => {
  it('create the account with the invited roles, once, within a week', async () => {
    const { accounts, clock } = team()
    const admin = await member(accounts, 'admin@example.com', ['admin'])
    const token = accounts.invitations.invite('new@example.com', ['contributor', 'trainee'], admin.id)
    const joined = await accounts.invitations.accept(token, { password: 'a long new password', displayName: 'Nina' })
    expect(joined).toMatchObject({ email: 'new@example.com', displayName: 'Nina', roles: ['contributor', 'trainee'] })
    expect((await accounts.logins.login('new@example.com', 'a long new password')).user.id).toBe(joined.id)
    expect(accounts.audit.read({ subject: joined.id }).find((e) => e.action === 'user.created')?.userId).toBe(admin.id)
    expect((await rejected(accounts.invitations.accept(token, { password: 'another password', displayName: 'N' }))).code).toBe(
      'auth.invitationInvalid',
    )

    const late = accounts.invitations.invite('late@example.com', ['trainee'], admin.id)
    clock.pass(INVITATION_MS)
    expect((await rejected(accounts.invitations.accept(late, { password: 'a long new password', displayName: 'Late' }))).code).toBe(
      'auth.invitationInvalid',
    )
    expect(accounts.users.loginRecord('late@example.com')).toBeNull()
    // A weak password leaves the link usable.
    const weak = accounts.invitations.invite('weak@example.com', ['trainee'], admin.id)
    expect((await rejected(accounts.invitations.accept(weak, { password: 'short', displayName: 'W' }))).code).toBe('auth.passwordTooShort')
    expect((await accounts.invitations.accept(weak, { password: 'a long new password', displayName: 'W' })).email).toBe('weak@example.com')
    expect(accounts.audit.read().map((e) => e.action)).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.accepted', 'user.created']),
    )
  })

  it('reset a password: the old one and every session end at once, the link sets a new one within a day', async () => {
    const { accounts, clock } = team()
    const admin = await member(accounts, 'admin@example.com', ['admin'])
    const ann = await member(accounts)
    const { token: session } = await accounts.logins.login(ann.email, PASSWORD)
    const stale = accounts.invitations.issueReset(ann.id, admin.id)
    const link = accounts.invitations.issueReset(ann.id, admin.id)
    expect(accounts.sessions.validate(session)).toBeNull()
    expect((await rejected(accounts.logins.login(ann.email, PASSWORD))).code).toBe('auth.badLogin')
    expect((await rejected(accounts.invitations.accept(stale, { password: 'a brand new password' }))).code).toBe('auth.invitationInvalid')
    expect((await accounts.invitations.accept(link, { password: 'a brand new password' })).id).toBe(ann.id)
    expect((await accounts.logins.login(ann.email, 'a brand new password')).user.id).toBe(ann.id)

    const expired = accounts.invitations.issueReset(ann.id, admin.id)
    clock.pass(RESET_MS)
    expect((await rejected(accounts.invitations.accept(expired, { password: 'yet another password' }))).code).toBe('auth.invitationInvalid')
  })
})

describe('the audit log', () => {
  it('reads newest first, pages back, and is written with its change or not at all', async () => {
    const { accounts } = team()
    const admin = await member(accounts, 'admin@example.com', ['admin'])
    const ann = await member(accounts)
    accounts.users.setRoles(ann.id, ['contributor', 'curator'], admin.id)
    thrown(() => accounts.users.setRoles(admin.id, [], admin.id))
    const all = accounts.audit.read()
    expect(all.map((e) => e.action)).toEqual(['user.rolesChanged', 'user.created', 'user.created'])
    expect(accounts.audit.read({ before: all[0].id, limit: 1 })).toEqual([all[1]])
    expect(Date.parse(all[0].at)).toBeGreaterThan(Date.now() - 60_000)
  })
})

describe('a library from before accounts', () => {
  it('upgrades with no accounts, its stories and trainees linked to none', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const id = randomUUID()
    oldFormatLibrary(file, 19, { id, title: 'From before accounts', at: new Date().toISOString() }).close()
    const core = openCore(file)
    try {
      expect(core.db.prepare('SELECT created_by FROM stories WHERE id = ?').get(id)).toEqual({ created_by: null })
      expect(core.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 })
      const accounts = openAccounts(core.db)
      expect((await member(accounts)).roles).toEqual(['contributor'])
    } finally {
      core.close()
    }
  })
})
