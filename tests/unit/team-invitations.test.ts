import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../../electron/core/dispatch'
import { tokenHash } from '../../electron/core/accounts/secret-token'
import { tempCore } from './temp-library'
import { Browser, closeTeamServers, team } from './team-server-helpers'

afterEach(closeTeamServers)

/** The token in a link's route (/invite/<token>). */
const tokenOf = (link: Record<string, unknown>) => String(link.path).slice('/invite/'.length)

/** Ends an invitation's week now, as a week passing would: its expiry moves to a minute ago. */
function expire(core: ReturnType<typeof tempCore>, token: string) {
  core.db
    .prepare('UPDATE invitations SET expires_at = ? WHERE token_hash = ?')
    .run(new Date(Date.now() - 60_000).toISOString(), tokenHash(token))
}

describe('whom an invitation link is for (GET /auth/invitation)', () => {
  it('answers the address and the expiry of a join, the name of a reset, nothing more; 404 for a link unknown, used or expired', async () => {
    const { server, core, member } = await team()
    const admin = await member('ada@example.com', ['admin'])
    const ben = await member('ben@example.com', ['contributor'])
    const browser = new Browser(server)
    const join = server.accounts.invitations.invite('ann@example.com', ['contributor', 'trainee'], admin.id)
    const asked = await browser.send('GET', `/auth/invitation?token=${join}`)
    expect(asked.status).toBe(200)
    expect(asked.body.value).toEqual({ kind: 'join', email: 'ann@example.com', displayName: '', expiresAt: expect.any(String) })
    // A week from now, give or take the test's own time.
    expect(Date.parse(String(asked.body.value!.expiresAt)) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000)

    const reset = server.accounts.invitations.issueReset(ben.id, admin.id)
    expect((await browser.send('GET', `/auth/invitation?token=${reset}`)).body.value).toMatchObject({
      kind: 'reset',
      email: 'ben@example.com',
      displayName: 'ben',
    })

    const unknown = await browser.send('GET', '/auth/invitation?token=not-a-token')
    expect(unknown).toMatchObject({ status: 404, body: { ok: false, error: { code: 'auth.invitationInvalid' } } })
    await browser.send('POST', '/auth/accept-invitation', { token: reset, password: 'a long new passphrase', displayName: 'New' })
    expect((await browser.send('GET', `/auth/invitation?token=${reset}`)).status).toBe(404)
    expire(core, join)
    expect((await browser.send('GET', `/auth/invitation?token=${join}`)).status).toBe(404)
    // No token at all, or something else beside it: refused before the library is asked.
    expect((await browser.send('GET', '/auth/invitation')).status).toBe(400)
  })

  it('is limited per address like signing in: guessing links runs into 429', async () => {
    const { server } = await team({ attemptsPerMinute: 3 })
    const browser = new Browser(server)
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await browser.send('GET', `/auth/invitation?token=guess${i}`)).status)
    expect(statuses).toEqual([404, 404, 404, 429])
  })
})

describe('pending invitations on the People page (users.invitations, revokeInvitation, renewInvitation)', () => {
  it('lists the invitations not taken up with who sent them; revoking one ends its link, audited, once', async () => {
    const { server, member } = await team()
    await member('ada@example.com', ['admin'])
    const admin = new Browser(server)
    await admin.login('ada@example.com')
    const ann = (await admin.call('users.invite', { email: 'ann@example.com', roles: ['contributor'] })).body.value!
    await admin.call('users.invite', { email: 'tia@example.com', roles: ['trainee'] })
    const taken = (await admin.call('users.invite', { email: 'cy@example.com', roles: ['curator'] })).body.value!
    await new Browser(server).send('POST', '/auth/accept-invitation', {
      token: tokenOf(taken),
      password: 'a long new passphrase',
      displayName: 'New',
    })

    const pending = (await admin.call('users.invitations')).body.value as unknown as Record<string, unknown>[]
    expect(pending.map((p) => p.email).sort()).toEqual(['ann@example.com', 'tia@example.com'])
    const annPending = pending.find((p) => p.email === 'ann@example.com')!
    expect(annPending).toEqual({
      id: tokenHash(tokenOf(ann)),
      email: 'ann@example.com',
      roles: ['contributor'],
      createdAt: expect.any(String),
      expiresAt: ann.expiresAt,
      invitedBy: 'ada',
    })

    const auditBefore = server.accounts.audit.read().length
    expect((await admin.call('users.revokeInvitation', { id: annPending.id })).body).toEqual({ ok: true, value: { revoked: true } })
    const entry = server.accounts.audit.read()[0]
    expect(entry).toMatchObject({ action: 'invitation.revoked', subject: 'ann@example.com', detail: { roles: ['contributor'] } })
    expect(server.accounts.audit.read()).toHaveLength(auditBefore + 1)
    expect((await admin.call('users.invitations')).body.value).toEqual([expect.objectContaining({ email: 'tia@example.com' })])
    const refusedLink = await new Browser(server).send('POST', '/auth/accept-invitation', {
      token: tokenOf(ann),
      password: 'a long new passphrase',
    })
    expect(refusedLink.body.error?.code).toBe('auth.invitationInvalid')

    // Twice (another admin's tab): said in words, nothing written.
    const again = await admin.call('users.revokeInvitation', { id: annPending.id })
    expect(again).toMatchObject({ status: 404, body: { error: { code: 'auth.invitationGone' } } })
    expect(again.body.error!.message).toBe('This invitation was taken up or revoked meanwhile. The list shows what is pending now.')
    expect(server.accounts.audit.read()).toHaveLength(auditBefore + 1)
  })

  it('sends an expired invitation again as a new link with the same roles; the old link stays dead', async () => {
    const { server, core, member } = await team()
    await member('ada@example.com', ['admin'])
    const admin = new Browser(server)
    await admin.login('ada@example.com')
    const old = tokenOf((await admin.call('users.invite', { email: 'tia@example.com', roles: ['trainee', 'contributor'] })).body.value!)
    expire(core, old)
    const [expired] = (await admin.call('users.invitations')).body.value as unknown as { id: string; expiresAt: string }[]
    expect(Date.parse(expired.expiresAt)).toBeLessThan(Date.now())

    const renewed = (await admin.call('users.renewInvitation', { id: expired.id })).body.value!
    const fresh = tokenOf(renewed)
    expect(fresh).not.toBe(old)
    expect(Date.parse(String(renewed.expiresAt)) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000)
    expect(server.accounts.audit.read()[0]).toMatchObject({ action: 'invitation.renewed', subject: 'tia@example.com' })
    expect((await admin.call('users.invitations')).body.value).toEqual([
      expect.objectContaining({ id: tokenHash(fresh), email: 'tia@example.com', roles: ['contributor', 'trainee'] }),
    ])
    const tia = new Browser(server)
    expect(
      (await tia.send('POST', '/auth/accept-invitation', { token: old, password: 'a long new passphrase', displayName: 'New' })).status,
    ).toBe(404)
    const joined = await tia.send('POST', '/auth/accept-invitation', {
      token: fresh,
      password: 'a long new passphrase',
      displayName: 'New',
    })
    expect(joined.body.value).toMatchObject({ email: 'tia@example.com', roles: ['contributor', 'trainee'] })
    // Taken up: no longer pending, and nothing to renew.
    expect((await admin.call('users.invitations')).body.value).toEqual([])
    expect((await admin.call('users.renewInvitation', { id: tokenHash(fresh) })).body.error?.code).toBe('auth.invitationGone')
  })

  it('are an admin’s alone, refuse an id that is not one, and a library without accounts says it is not a team library', async () => {
    const { server, member } = await team()
    await member('cleo@example.com', ['curator', 'contributor', 'trainer', 'trainee'])
    const cleo = new Browser(server)
    await cleo.login('cleo@example.com')
    const id = 'a'.repeat(64)
    for (const [method, input] of [
      ['users.invitations', {}],
      ['users.revokeInvitation', { id }],
      ['users.renewInvitation', { id }],
    ] as const) {
      expect((await cleo.call(method, input)).body.error?.code, method).toBe('auth.forbidden')
    }
    const dispatch = createDispatch(tempCore())
    expect(await dispatch('users.invitations', {})).toMatchObject({ ok: false, error: { code: 'auth.notTeamLibrary' } })
    expect(await dispatch('users.revokeInvitation', { id: 'not-a-hash' })).toMatchObject({ ok: false, error: { code: 'input.invalid' } })
  })
})
