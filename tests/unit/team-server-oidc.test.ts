import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../../electron/core/accounts/passwords'
import { parseShellArgs, SERVE_OPTIONS } from '../../electron/core/shell-args'
import { discoverOidc, oidcSettings, OIDC_SECRET_ENV } from '../../electron/server/oidc-provider'
import { startTeamServer, type RunningTeamServer, type TeamServerOptions } from '../../electron/server/team-server'
import { startIdentityProvider, type IdentityProvider } from './oidc-identity-provider'
import { serveFromSource } from './team-server-helpers'
import { tempCore, tempDir } from './temp-library'

const CLIENT = { id: 'culture-book', secret: 'oidc-client-secret-7f3a9c' }
const PASSWORD = 'correct horse battery'

let running: RunningTeamServer | null = null
let idp: IdentityProvider | null = null
afterEach(async () => {
  await running?.close()
  await idp?.close()
  running = idp = null
})

/** A team server whose single sign-on is a real provider on 127.0.0.1:0, both logging into `lines`. */
async function ssoTeam(options: Partial<TeamServerOptions> = {}) {
  idp = await startIdentityProvider(CLIENT)
  const provider = idp
  const lines: string[] = []
  const log = pino({ base: null }, { write: (line: string) => lines.push(line) })
  const oidc = await discoverOidc(
    oidcSettings({ 'oidc-issuer': provider.issuer, 'oidc-client-id': CLIENT.id }, { [OIDC_SECRET_ENV]: CLIENT.secret })!,
  )
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  const core = tempCore()
  running = await startTeamServer({ core, host: '127.0.0.1', port: 0, rendererDir, log, requestLog: log, oidc, ...options })
  const server = running
  const member = async (email: string, roles = ['contributor']) =>
    server.accounts.users.create({ email, displayName: email.split('@')[0], passwordHash: await hashPassword(PASSWORD), roles }, null)
  return { server, idp: provider, lines, member, core }
}

interface Cookie {
  value: string
  sameSite: string
}

/**
 * A browser's cookie jar and navigations, as far as SameSite goes: a navigation that arrives from
 * another site (the provider's redirect back) carries Lax cookies but not Strict ones; a navigation
 * or fetch from the app's own page carries both.
 */
class Browser {
  jar = new Map<string, Cookie>()
  constructor(private server: RunningTeamServer) {}

  private cookieHeader(crossSite: boolean) {
    return [...this.jar]
      .filter(([, c]) => !(crossSite && c.sameSite === 'strict'))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ')
  }

  async get(url: string | URL, { crossSite = false } = {}) {
    const target = new URL(url, this.server.url)
    const ours = target.origin === new URL(this.server.url).origin
    const res = await fetch(target, { redirect: 'manual', headers: ours ? { cookie: this.cookieHeader(crossSite) } : {} })
    const setCookies = ours ? res.headers.getSetCookie() : []
    for (const set of setCookies) {
      const [pair, ...attributes] = set.split(';').map((s) => s.trim())
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]
      const sameSite =
        attributes
          .find((a) => /^samesite=/i.test(a))
          ?.split('=')[1]
          .toLowerCase() ?? 'lax'
      const expired = !value || attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now())
      if (expired) this.jar.delete(name)
      else this.jar.set(name, { value, sameSite })
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers, setCookies }
  }

  /** Clicks "Sign in with …": the server, then the provider (who signs the person in at once), up to the redirect back. */
  async toProvider(next?: string) {
    const start = await this.get(`/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`)
    expect(start.status).toBe(302)
    const atProvider = await this.get(start.location!)
    expect(atProvider.status).toBe(302)
    return { start, callback: new URL(atProvider.location!) }
  }

  /** The provider's redirect back: a navigation from another site. Then the page's own refresh, when it has one. */
  async back(callback: URL) {
    const answer = await this.get(callback, { crossSite: true })
    const refresh = /http-equiv="refresh" content="0;url=([^"]+)"/
      .exec(answer.text)?.[1]
      .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(+c))
    return { ...answer, opens: refresh ?? null }
  }

  async me() {
    const res = await fetch(new URL('/auth/me', this.server.url), { headers: { cookie: this.cookieHeader(false) } })
    return { status: res.status, body: (await res.json()) as { ok: boolean; value?: { user: { email: string } } } }
  }
}

describe('single sign-on through OpenID Connect', () => {
  it('signs a member in with PKCE, state and nonce, into a new Strict session /auth/me accepts, where they were going', async () => {
    const { server, idp, member } = await ssoTeam()
    await member('ann@example.com')
    const browser = new Browser(server)
    browser.jar.set('cb_session', { value: 'planted-before-sign-in', sameSite: 'strict' })
    const { start, callback } = await browser.toProvider('/review?tab=mine')

    const asked = idp.authorizeRequests[0]
    expect(asked.get('redirect_uri')).toBe(`${server.publicUrl}/auth/oidc/callback`)
    expect(asked.get('code_challenge_method')).toBe('S256')
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(asked.get('state')).toMatch(/^[\w-]{20,}$/)
    expect(asked.get('nonce')).toMatch(/^[\w-]{20,}$/)
    expect(asked.get('scope')).toBe('openid email profile')
    // The verifier, state and nonce stay on the server: the browser holds a handle only, sent on the way back (Lax).
    const pending = start.setCookies.find((c) => c.startsWith('cb_oidc='))!
    expect(pending).toMatch(/; HttpOnly/)
    expect(pending).toMatch(/; SameSite=Lax/)
    expect(pending).toMatch(/; Secure/)
    expect(pending).not.toContain(asked.get('state')!)

    const back = await browser.back(callback)
    expect(back.status).toBe(200)
    expect(back.headers.get('cache-control')).toBe('no-store')
    // Opened by the page itself, a same-site navigation: the Strict cookie goes along from then on.
    expect(back.opens).toBe('/#/review?tab=mine')
    const session = back.setCookies.find((c) => c.startsWith('cb_session='))!
    expect(session).toMatch(/; HttpOnly/)
    expect(session).toMatch(/; SameSite=Strict/)
    expect(session).toMatch(/; Secure/)
    expect(session).toMatch(/; Path=\//)
    expect(browser.jar.get('cb_session')!.value).not.toBe('planted-before-sign-in')
    expect(browser.jar.has('cb_oidc')).toBe(false)
    expect(await browser.me()).toMatchObject({ status: 200, body: { value: { user: { email: 'ann@example.com' } } } })
    expect(idp.refusals).toEqual([])
  })

  it('offers the button through the public /auth/sso, and leaves password sign-in as it was', async () => {
    const { server, idp, member } = await ssoTeam()
    await member('bob@example.com')
    const sso = await (await fetch(new URL('/auth/sso', server.url))).json()
    expect(sso).toEqual({ ok: true, value: { label: new URL(idp.issuer).host } })
    const login = await fetch(new URL('/auth/login', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.publicUrl },
      body: JSON.stringify({ email: 'bob@example.com', password: PASSWORD }),
    })
    expect(login.status).toBe(200)
  })

  it('refuses a callback whose state is not the one sent', async () => {
    const { server, member } = await ssoTeam()
    await member('ann@example.com')
    const browser = new Browser(server)
    const { callback } = await browser.toProvider()
    callback.searchParams.set('state', 'someone-elses-state')
    const back = await browser.back(callback)
    expect(back.opens).toBe('/#/sign-in?sso=failed')
    expect(browser.jar.has('cb_session')).toBe(false)
    expect((await browser.me()).status).toBe(401)
  })

  it('refuses a callback without this browser’s sign-in under way (another browser’s link)', async () => {
    const { server, member } = await ssoTeam()
    await member('ann@example.com')
    const { callback } = await new Browser(server).toProvider()
    const victim = new Browser(server)
    expect((await victim.back(callback)).opens).toBe('/#/sign-in?sso=failed')
    expect(victim.jar.has('cb_session')).toBe(false)
  })

  it('refuses a replayed code: the callback is taken once, and the provider refuses the code a second time', async () => {
    const { server, idp, member } = await ssoTeam()
    await member('ann@example.com')
    const browser = new Browser(server)
    const { callback } = await browser.toProvider()
    const pendingCookie = browser.jar.get('cb_oidc')!
    expect((await browser.back(callback)).opens).toBe('/#/stories')
    const first = browser.jar.get('cb_session')!.value

    // The same callback again, with the same handle: nothing is under way any more.
    browser.jar.set('cb_oidc', pendingCookie)
    expect((await browser.back(callback)).opens).toBe('/#/sign-in?sso=failed')
    // The old code with a fresh sign-in's state: it reaches the provider, which has seen that code.
    const fresh = await browser.toProvider()
    const replayed = new URL(fresh.callback)
    replayed.searchParams.set('code', callback.searchParams.get('code')!)
    expect((await browser.back(replayed)).opens).toBe('/#/sign-in?sso=failed')
    expect(idp.refusals).toEqual(['code used twice'])
    expect(browser.jar.get('cb_session')!.value).toBe(first)
  })

  it('refuses an email the provider has not verified', async () => {
    const { server, idp, member } = await ssoTeam()
    await member('ann@example.com')
    idp.person = { sub: 'x', email: 'ann@example.com', email_verified: false }
    const browser = new Browser(server)
    expect((await browser.back((await browser.toProvider()).callback)).opens).toBe('/#/sign-in?sso=unverified')
    expect(browser.jar.has('cb_session')).toBe(false)
  })

  it('takes Entra ID’s domain-verified email (xms_edov) in place of the email_verified it never sends, and nothing weaker', async () => {
    const { server, idp, member } = await ssoTeam()
    await member('ann@example.com')
    const signsIn = async (person: typeof idp.person) => {
      idp.person = person
      const browser = new Browser(server)
      const opens = (await browser.back((await browser.toProvider()).callback)).opens
      return { opens, session: browser.jar.has('cb_session') }
    }
    expect(await signsIn({ sub: 'e0', email: 'ann@example.com' })).toEqual({ opens: '/#/sign-in?sso=unverified', session: false })
    expect(await signsIn({ sub: 'e1', email: 'ann@example.com', xms_edov: false })).toEqual({
      opens: '/#/sign-in?sso=unverified',
      session: false,
    })
    // A provider that says the email is not verified is believed, whatever else the token says.
    expect(await signsIn({ sub: 'e2', email: 'ann@example.com', email_verified: false, xms_edov: true })).toEqual({
      opens: '/#/sign-in?sso=unverified',
      session: false,
    })
    expect(await signsIn({ sub: 'e3', email: 'ann@example.com', xms_edov: true })).toMatchObject({ session: true })
  })

  it('refuses a person without an account here (an invitation decides who joins), and a disabled account', async () => {
    const { server, idp, member } = await ssoTeam()
    const admin = await member('boss@example.com', ['admin'])
    const carl = await member('carl@example.com')
    idp.person = { sub: 'y', email: 'stranger@example.com', email_verified: true }
    const browser = new Browser(server)
    expect((await browser.back((await browser.toProvider()).callback)).opens).toBe('/#/sign-in?sso=noAccount')
    expect(server.accounts.users.list()).toHaveLength(2)

    server.accounts.users.setDisabled(carl.id, true, admin.id)
    idp.person = { sub: 'z', email: 'CARL@example.com', email_verified: true }
    expect((await browser.back((await browser.toProvider()).callback)).opens).toBe('/#/sign-in?sso=disabled')
    expect(browser.jar.has('cb_session')).toBe(false)
  })

  it('takes up a pending invitation to the verified address: an account with the invited roles and no password', async () => {
    const { server, idp, member, core } = await ssoTeam()
    const admin = await member('boss@example.com', ['admin'])
    server.accounts.invitations.invite('dora@example.com', ['trainer', 'curator'], admin.id)
    server.accounts.invitations.invite('old@example.com', ['curator'], admin.id)
    core.db.prepare("UPDATE invitations SET expires_at = ? WHERE email = 'old@example.com'").run(new Date(Date.now() - 1000).toISOString())

    idp.person = { sub: 'd', email: 'Dora@Example.com', email_verified: true, name: 'Dora Editor' }
    const browser = new Browser(server)
    expect((await browser.back((await browser.toProvider()).callback)).opens).toBe('/#/stories')
    expect((await browser.me()).body.value!.user).toMatchObject({
      email: 'dora@example.com',
      displayName: 'Dora Editor',
      roles: ['curator', 'trainer'],
    })
    const dora = server.accounts.users.list().find((u) => u.email === 'dora@example.com')!
    expect(dora.hasPassword).toBe(false)
    expect(server.accounts.audit.read({ subject: dora.id }).map((e) => [e.action, e.detail.by])).toContainEqual([
      'invitation.accepted',
      'sso',
    ])
    // The next time, the account is there: no second one.
    const again = new Browser(server)
    expect((await again.back((await again.toProvider()).callback)).opens).toBe('/#/stories')
    expect(server.accounts.users.list()).toHaveLength(2)

    // An invitation that ran out opens nothing.
    idp.person = { sub: 'o', email: 'old@example.com', email_verified: true }
    expect((await browser.back((await browser.toProvider()).callback)).opens).toBe('/#/sign-in?sso=noAccount')
  })

  it('says the person cancelled at the provider', async () => {
    const { server } = await ssoTeam()
    const browser = new Browser(server)
    const { callback } = await browser.toProvider()
    const cancelled = new URL(callback.origin + callback.pathname)
    cancelled.searchParams.set('error', 'access_denied')
    cancelled.searchParams.set('state', callback.searchParams.get('state')!)
    expect((await browser.back(cancelled)).opens).toBe('/#/sign-in?sso=cancelled')
  })

  it('opens only the app’s own paths afterwards', async () => {
    const { server, member } = await ssoTeam()
    await member('ann@example.com')
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const browser = new Browser(server)
      expect((await browser.back((await browser.toProvider(next)).callback)).opens).toBe('/#/stories')
    }
  })

  it('is rate limited per address like /auth/*', async () => {
    const { server } = await ssoTeam({ attemptsPerMinute: 2 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await new Browser(server).get('/auth/oidc/start')).status)
    expect(statuses).toEqual([302, 302, 429])
  })

  it('never writes the client secret, a code or a token to the log', async () => {
    const { server, idp, member, lines } = await ssoTeam()
    await member('ann@example.com')
    const browser = new Browser(server)
    const { callback } = await browser.toProvider()
    await browser.back(callback)
    idp.person = { sub: 'y', email: 'stranger@example.com', email_verified: true }
    const wrong = await browser.toProvider()
    wrong.callback.searchParams.set('state', 'tampered')
    await browser.back(wrong.callback)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const log = lines.join('\n')
    expect(log).toContain('Signed in with single sign-on')
    expect(log).toContain('Single sign-on refused')
    for (const secret of [CLIENT.secret, callback.searchParams.get('code')!, browser.jar.get('cb_session')!.value]) {
      expect(log).not.toContain(secret)
    }
  })
})

/** `npm run serve` over a temp library, with OIDC_CLIENT_SECRET set; `output` is all it printed (stdout, then stderr). */
function serve(args: string[]) {
  const run = serveFromSource(['--library', join(tempDir(), 'team.sqlite'), ...args], { env: { [OIDC_SECRET_ENV]: CLIENT.secret } })
  return { ...run, output: () => run.output() + run.errors() }
}

describe('npm run serve with single sign-on', () => {
  it('refuses to start without the whole of the options or the provider, and never prints the secret', { timeout: 60_000 }, async () => {
    const half = serve(['--oidc-issuer', 'https://login.example.com'])
    expect(await half.exited).toBe(1)
    expect(half.output()).toContain('--oidc-issuer needs --oidc-client-id <id>')

    const closed = await startIdentityProvider(CLIENT)
    await closed.close()
    const away = serve(['--oidc-issuer', closed.issuer, '--oidc-client-id', CLIENT.id])
    expect(await away.exited).toBe(1)
    expect(away.output()).toContain(`Could not discover the OpenID Connect provider at ${closed.issuer}/`)
    expect(away.output()).not.toContain(CLIENT.secret)
  })

  it('starts with the provider discovered, names the redirect URI to register, and offers the button', { timeout: 60_000 }, async () => {
    idp = await startIdentityProvider(CLIENT)
    const server = serve(['--port', '0', '--oidc-issuer', idp.issuer, '--oidc-client-id', CLIENT.id, '--oidc-label', 'Staff login'])
    const started = await server.printed(/"listening":"(http:\/\/127\.0\.0\.1:\d+\/)"/)
    expect(started, server.output()).not.toBeNull()
    const url = started![1]
    const line = JSON.parse(
      server
        .output()
        .split('\n')
        .find((l) => l.includes('team server started'))!,
    )
    expect(line.singleSignOn).toEqual({ issuer: idp.issuer, redirectUri: `${new URL(url).origin}/auth/oidc/callback` })
    expect(await (await fetch(new URL('/auth/sso', url))).json()).toEqual({ ok: true, value: { label: 'Staff login' } })
    // The flow's first step, with the secret in the process's environment.
    expect((await fetch(new URL('/auth/oidc/start', url), { redirect: 'manual' })).headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/authorize\?/,
    )
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.output()).not.toContain(CLIENT.secret)
  })
})

describe('single sign-on settings', () => {
  it('takes the issuer and client id together, the secret from the environment only', () => {
    expect(() => parseShellArgs(['--oidc-client-secret', 's'], SERVE_OPTIONS)).toThrow('--oidc-client-secret')
    expect(oidcSettings({}, { [OIDC_SECRET_ENV]: 's' })).toBeNull()
    expect(() => oidcSettings({ 'oidc-issuer': 'https://id.example.com' }, {})).toThrow('--oidc-issuer needs --oidc-client-id <id>')
    expect(() => oidcSettings({ 'oidc-client-id': 'cb' }, {})).toThrow('--oidc-client-id needs --oidc-issuer <url>')
    expect(() => oidcSettings({ 'oidc-label': 'Staff' }, {})).toThrow('--oidc-label needs --oidc-issuer')
    expect(() => oidcSettings({ 'oidc-issuer': 'ftp://id.example.com', 'oidc-client-id': 'cb' }, {})).toThrow('must be an http(s) URL')
    expect(
      oidcSettings({ 'oidc-issuer': 'https://id.example.com', 'oidc-client-id': 'cb', 'oidc-label': 'Staff' }, { [OIDC_SECRET_ENV]: 's' }),
    ).toEqual({
      issuer: 'https://id.example.com',
      clientId: 'cb',
      clientSecret: 's',
      label: 'Staff',
    })
  })

  it('says at start-up when the provider cannot be reached, without the secret', async () => {
    const closed = await startIdentityProvider(CLIENT)
    await closed.close()
    const failure = await discoverOidc({ issuer: closed.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret }).catch(
      (err: Error) => err,
    )
    expect((failure as Error).message).toMatch(
      /^Could not discover the OpenID Connect provider at http:\/\/127\.0\.0\.1:\d+\/ \(.+\)\. Check --oidc-issuer/,
    )
    expect((failure as Error).message).not.toContain(CLIENT.secret)
  })

  it('wants HTTPS for a provider on another machine', async () => {
    const failure = await discoverOidc({ issuer: 'http://id.example.invalid', clientId: 'cb' }).catch((err: Error) => err)
    expect((failure as Error).message).toMatch(/Could not discover .*http:\/\/id\.example\.invalid\//)
  })
})
