import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as client from 'openid-client'
import type { Accounts } from '../core/accounts/accounts'
import type { Logger } from '../core/logger'
import { JSON_HEADERS } from '../web/web-replies'
import { sessionCookie } from './auth-routes'
import { PENDING_MS, PendingSignIns } from './oidc-pending'
import type { OidcProvider } from './oidc-provider'
import { SESSION_COOKIE } from './session-guard'

export interface OidcRouteOptions {
  accounts: Accounts
  /** Null when the server has no single sign-on: /auth/sso says so, and the button stays hidden. */
  provider: OidcProvider | null
  publicUrl: () => URL
  insecureHttp: boolean
  attemptsPerMinute: number
  log: Logger
}

/** The browser's handle on its sign-in under way (oidc-pending.ts). */
export const PENDING_COOKIE = 'cb_oidc'

/** Why a sign-in through the provider ended on the sign-in page; the page words each (auth.sso.refused.*). */
export type SsoRefusal = 'failed' | 'cancelled' | 'unverified' | 'noAccount' | 'disabled'

/** The app's own path to go back to, never another site's ('//evil.example'). */
function appPath(wanted: unknown): string {
  return typeof wanted === 'string' && wanted.startsWith('/') && !wanted.startsWith('//') && !wanted.includes('\\') ? wanted : '/stories'
}

/**
 * Ends the callback on a tiny page of our own that opens the app. The callback arrives as a navigation
 * from the provider's site, so a redirect from it would still be cross-site and the browser would
 * leave the SameSite=Strict session cookie off that next request; the page's own refresh is a
 * same-site navigation, with the cookie.
 */
function bounce(reply: FastifyReply, path: string) {
  const target = `/#${path}`.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)
  return reply
    .code(200)
    .headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" })
    .send(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>Culture Book</title>`)
}

/** The callback's address as the provider was told it (the public URL's), with what the provider added to it. */
function callbackUrl(request: FastifyRequest, redirectUri: URL): URL {
  const current = new URL(redirectUri)
  current.search = new URL(request.raw.url ?? '/', redirectUri).search
  return current
}

interface Identity {
  email: string
  verified: boolean
  /** For an account made from an invitation: the provider's name for the person, else the email's local part. */
  name: string
}

/**
 * The email the provider vouches for: from the ID token, else from its userinfo endpoint. Microsoft
 * Entra ID sends no `email_verified`; its optional ID-token claim `xms_edov` (the email's domain is
 * one the tenant proved it owns) stands in, and only when the token says nothing of `email_verified`.
 */
async function identity(
  config: client.Configuration,
  tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>,
): Promise<Identity> {
  const claims = tokens.claims()!
  const from = typeof claims.email === 'string' ? claims : await client.fetchUserInfo(config, tokens.access_token, claims.sub)
  const email = typeof from.email === 'string' ? from.email.trim() : ''
  const name = typeof from.name === 'string' && from.name.trim() ? from.name.trim() : email.split('@')[0]
  const verified = from.email_verified === true || (from === claims && claims.email_verified === undefined && claims.xms_edov === true)
  return { email, verified, name: name.slice(0, 120) }
}

/**
 * Single sign-on through OpenID Connect: the authorization code flow with PKCE (S256), state and
 * nonce kept on the server. The provider's verified email picks the account, which must be enabled,
 * or a pending invitation to that address, taken up: an invitation still decides who joins and with
 * which roles. Rate limited like /auth/*.
 */
export async function registerOidcRoutes(app: FastifyInstance, options: OidcRouteOptions): Promise<void> {
  const { accounts, provider, log } = options
  // Public and secret-free: whether the sign-in page offers the button, and its label.
  app.get('/auth/sso', async (_request, reply) =>
    reply.headers(JSON_HEADERS).send(JSON.stringify({ ok: true, value: provider ? { label: provider.label } : null })),
  )
  if (!provider) return

  const { config } = provider
  const pending = new PendingSignIns()
  const limited = { rateLimit: { max: options.attemptsPerMinute, timeWindow: 60_000 } }
  const redirectUri = () => new URL('/auth/oidc/callback', options.publicUrl().origin)
  // Lax, not Strict: the browser must send it on the provider's navigation back to the callback.
  const pendingCookie = { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure: !options.insecureHttp } as const
  const session = sessionCookie(options.insecureHttp)

  app.get('/auth/oidc/start', { config: limited }, async (request, reply) => {
    const codeVerifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    const next = appPath((request.query as Record<string, unknown>).next)
    const handle = pending.add({ state, nonce, codeVerifier, next })
    const authorize = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri().href,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    reply.setCookie(PENDING_COOKIE, handle, { ...pendingCookie, maxAge: PENDING_MS / 1000 })
    return reply.header('cache-control', 'no-store').redirect(authorize.href, 302)
  })

  app.get('/auth/oidc/callback', { config: limited }, async (request, reply) => {
    const taken = pending.take(request.cookies[PENDING_COOKIE])
    reply.clearCookie(PENDING_COOKIE, pendingCookie)
    const refuse = (reason: SsoRefusal, detail: Record<string, unknown> = {}) => {
      log.warn({ reason, ...detail }, 'Single sign-on refused')
      return bounce(reply, `/sign-in?sso=${reason}`)
    }
    const current = callbackUrl(request, redirectUri())
    if (current.searchParams.get('error') === 'access_denied') return refuse('cancelled')
    // No sign-in under way in this browser: expired, already used (a replayed callback), or begun elsewhere.
    if (!taken) return refuse('failed', { why: 'no sign-in under way in this browser' })

    let found: Identity
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: taken.codeVerifier,
        expectedState: taken.state,
        expectedNonce: taken.nonce,
        idTokenExpected: true,
      })
      found = await identity(config, tokens)
    } catch (err) {
      // What went wrong, by the library's words and the provider's error code: never a response body, which may carry tokens.
      const { code, error, cause } = err as { code?: string; error?: string; cause?: unknown }
      const why = err instanceof Error ? err.message : String(err)
      return refuse('failed', { why, code, error, cause: cause instanceof Error ? cause.message : undefined })
    }
    if (!found.verified) return refuse('unverified')
    // An account, or a pending invitation for the address, which then makes it (with its roles).
    const user = found.email
      ? (accounts.users.loginRecord(found.email)?.user ?? accounts.invitations.acceptVerified(found.email, found.name))
      : null
    if (!user) return refuse('noAccount')
    if (user.disabledAt) return refuse('disabled', { userId: user.id })

    // Whatever session the browser came with ends here, as with a password (fixation).
    const before = request.cookies[SESSION_COOKIE]
    if (before) accounts.sessions.revoke(before)
    const { token } = accounts.sessions.create(user.id)
    request.userId = user.id
    log.info({ userId: user.id }, 'Signed in with single sign-on')
    reply.setCookie(SESSION_COOKIE, token, session)
    return bounce(reply, taken.next)
  })
}
