import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openAccounts } from '../../electron/core/accounts/accounts'
import type { User } from '../../electron/core/accounts/user-repository'
import { createDispatch, type Gate } from '../../electron/core/dispatch'
import { authorize } from '../../electron/core/permissions'
import { startTeamServer, type RunningTeamServer } from '../../electron/server/team-server'
import { tempCore, tempDir } from './temp-library'

let running: RunningTeamServer | null = null
afterEach(async () => {
  await running?.close()
  running = null
})

/** A library with accounts, dispatched as the team server does: each call checked and run as `user`. */
function teamLibrary() {
  const core = tempCore()
  const accounts = openAccounts(core.db)
  const make = (email: string, roles: string[]) =>
    accounts.users.create({ email, displayName: email.split('@')[0], passwordHash: null, roles }, null)
  const dispatch = createDispatch(core)
  const as = (user: User) => {
    const gate: Gate = {
      caller: user,
      check: (method, input) => {
        const answer = authorize(method, input as never, user, core)
        return answer === 'allowed' ? null : answer
      },
    }
    return async (method: string, input: unknown = {}) => dispatch(method, input, gate)
  }
  return { core, accounts, make, as, dispatch }
}

describe('people administration through dispatch', () => {
  it('lets an admin list, invite, change roles, disable, enable and reset, each change audited', async () => {
    const { accounts, make, as } = teamLibrary()
    const ada = make('ada@example.com', ['admin'])
    const cur = make('cur@example.com', ['curator'])
    const call = as(ada)

    const list = await call('users.list')
    expect(list.ok && list.value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: cur.id,
          email: 'cur@example.com',
          roles: ['curator'],
          disabled: false,
          lockedUntil: null,
          lastSeenAt: null,
        }),
      ]),
    )

    const invited = await call('users.invite', { email: 'new@example.com', roles: ['contributor', 'trainee'] })
    if (!invited.ok) throw new Error(invited.error.message)
    const { path, expiresAt } = invited.value as { path: string; expiresAt: string }
    expect(path).toMatch(/^\/invite\/[\w-]{43}$/)
    // A week from now, by the real clock.
    expect(Math.abs(Date.parse(expiresAt) - Date.now() - 7 * 24 * 3600_000)).toBeLessThan(60_000)

    const roles = await call('users.setRoles', { id: cur.id, roles: ['curator', 'trainer'] })
    expect(roles.ok && roles.value).toMatchObject({ id: cur.id, roles: ['curator', 'trainer'] })
    expect(await call('users.disable', { id: cur.id })).toMatchObject({ ok: true, value: { disabled: true } })
    expect(accounts.users.get(cur.id)!.disabledAt).not.toBeNull()
    expect(await call('users.enable', { id: cur.id })).toMatchObject({ ok: true, value: { disabled: false } })

    const reset = await call('users.resetPassword', { id: cur.id })
    if (!reset.ok) throw new Error(reset.error.message)
    expect((reset.value as { path: string }).path).toMatch(/^\/invite\//)
    expect(Math.abs(Date.parse((reset.value as { expiresAt: string }).expiresAt) - Date.now() - 24 * 3600_000)).toBeLessThan(60_000)

    const audit = await call('audit.list', { limit: 5 })
    if (!audit.ok) throw new Error(audit.error.message)
    const entries = audit.value as { id: number; action: string; userId: string; subject: string }[]
    expect(entries.map((e) => e.action)).toEqual([
      'password.resetIssued',
      'user.enabled',
      'user.disabled',
      'user.rolesChanged',
      'invitation.created',
    ])
    expect(entries.every((e) => e.userId === ada.id)).toBe(true)
    // Paging further back reaches the accounts' creation.
    const older = await call('audit.list', { limit: 10, before: entries.at(-1)!.id })
    expect(older.ok && (older.value as { action: string }[]).map((e) => e.action)).toEqual(['user.created', 'user.created'])
  })

  it('refuses a curator every account method', async () => {
    const { make, as } = teamLibrary()
    make('ada@example.com', ['admin'])
    const cur = make('cur@example.com', ['curator'])
    const call = as(cur)
    for (const [method, input] of [
      ['users.list', {}],
      ['users.invite', { email: 'x@example.com', roles: ['admin'] }],
      ['users.setRoles', { id: cur.id, roles: ['admin', 'curator'] }],
      ['users.disable', { id: cur.id }],
      ['users.enable', { id: cur.id }],
      ['users.resetPassword', { id: cur.id }],
      ['audit.list', {}],
    ] as const) {
      expect(await call(method, input), method).toMatchObject({ ok: false, error: { code: 'auth.forbidden', kind: 'forbidden' } })
    }
  })

  it('keeps the last admin, and writes nothing when it refuses', async () => {
    const { accounts, make, as } = teamLibrary()
    const ada = make('ada@example.com', ['admin'])
    const call = as(ada)
    const before = accounts.audit.read().length
    expect(await call('users.setRoles', { id: ada.id, roles: ['curator'] })).toMatchObject({
      ok: false,
      error: { code: 'auth.lastAdmin', kind: 'conflict' },
    })
    expect(await call('users.disable', { id: ada.id })).toMatchObject({ ok: false, error: { code: 'auth.lastAdmin' } })
    expect(accounts.users.get(ada.id)).toMatchObject({ roles: ['admin'], disabledAt: null })
    expect(accounts.audit.read()).toHaveLength(before)
    // With a second admin, Ada may step down.
    make('bea@example.com', ['admin'])
    expect(await call('users.setRoles', { id: ada.id, roles: ['curator'] })).toMatchObject({ ok: true, value: { roles: ['curator'] } })
  })

  it('answers in words where the library has no accounts (browser mode, the desktop app: no caller)', async () => {
    const { dispatch } = teamLibrary()
    for (const method of ['users.list', 'audit.list']) {
      const answer = await dispatch(method, {})
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'auth.notTeamLibrary', kind: 'forbidden', message: 'This library has no accounts: it is not a team library.' },
      })
    }
    expect(await dispatch('users.invite', { email: 'x@example.com', roles: [] })).toMatchObject({
      ok: false,
      error: { code: 'auth.notTeamLibrary' },
    })
  })

  it('invites through the team server: the link is taken up and the new person signs in with the invited roles', async () => {
    const core = tempCore()
    const rendererDir = tempDir()
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
    running = await startTeamServer({ core, host: '127.0.0.1', port: 0, rendererDir, insecureHttp: true })
    const server = running
    const { hashPassword } = await import('../../electron/core/accounts/passwords')
    server.accounts.users.create(
      { email: 'ada@example.com', displayName: 'Ada', passwordHash: await hashPassword('a long admin passphrase'), roles: ['admin'] },
      null,
    )

    /** One browser: the session cookie and the CSRF token, as the page keeps them. */
    const browser = () => {
      let cookie = ''
      let csrf = ''
      const post = async (path: string, body: unknown) => {
        const res = await fetch(new URL(path, server.url), {
          method: 'POST',
          headers: { origin: server.publicUrl, 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
          body: JSON.stringify(body),
        })
        const set = res.headers.getSetCookie().find((c) => c.startsWith('cb_session='))
        if (set) cookie = set.split(';')[0]
        const answer = (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string } }
        if (answer.ok && typeof answer.value?.csrfToken === 'string') csrf = answer.value.csrfToken
        return answer
      }
      return { post }
    }

    const admin = browser()
    expect(await admin.post('/auth/login', { email: 'ada@example.com', password: 'a long admin passphrase' })).toMatchObject({ ok: true })
    const invited = await admin.post('/api/users.invite', { email: 'eve@example.com', roles: ['contributor'] })
    expect(invited).toMatchObject({ ok: true })
    const token = String(invited.value!.path).slice('/invite/'.length)

    const eve = browser()
    expect(await eve.post('/auth/accept-invitation', { token, password: 'eve has a long passphrase', displayName: 'Eve' })).toMatchObject({
      ok: true,
    })
    const again = browser()
    expect(await again.post('/auth/login', { email: 'eve@example.com', password: 'eve has a long passphrase' })).toMatchObject({ ok: true })
    // Eve is a contributor: the People list is not hers.
    expect(await again.post('/api/users.list', {})).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } })

    const people = await admin.post('/api/users.list', {})
    expect(people.value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'eve@example.com', name: 'Eve', roles: ['contributor'], lastSeenAt: expect.any(String) }),
      ]),
    )
    const audit = await admin.post('/api/audit.list', { limit: 10 })
    expect((audit.value as unknown as { action: string }[]).map((e) => e.action)).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.accepted']),
    )
  })
})
