import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Accounts } from '../core/accounts/accounts'
import type { User } from '../core/accounts/user-repository'
import { CultureError, HTTP_STATUS } from '../core/errors'
import { methodsFor } from '../core/permissions'
import { Refusal, refuse, JSON_HEADERS } from '../web/web-replies'
import { csrfToken, SESSION_COOKIE, type SessionGuard } from './session-guard'

export interface AuthRouteOptions {
  accounts: Accounts
  guard: SessionGuard
  /** Plain-HTTP testing only: the cookie without Secure. */
  insecureHttp: boolean
  /** Sign-in attempts per address (IP, or the proxy's X-Forwarded-For when trusted) in a minute. */
  attemptsPerMinute: number
}

/** The session cookie's flags, the same whichever way one signs in (a password here, single sign-on in oidc-routes.ts). */
export const sessionCookie = (insecureHttp: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict', secure: !insecureHttp }) as const

/** Long enough for any passphrase; longer is refused before argon2 sees it. */
const secret = z.string().max(1000)
const credentials = z.object({ email: z.string().max(300), password: secret }).strict()
const acceptance = z.object({ token: z.string().max(100), password: secret, displayName: z.string().max(200).optional() }).strict()
const linkQuery = z.object({ token: z.string().max(100) }).strict()

/** The account as the page sees it: never a hash. */
const personOf = (user: User) => ({ id: user.id, email: user.email, displayName: user.displayName, roles: user.roles })

/** What a signed-in page learns about itself: never a hash, never the session's token. */
function me(user: User, csrf: string) {
  // What the page may offer this person; the server still checks every call (permissions.ts).
  return { user: personOf(user), csrfToken: csrf, methods: methodsFor(user.roles) }
}

function answer(reply: FastifyReply, value: unknown) {
  return reply
    .code(200)
    .headers(JSON_HEADERS)
    .send(JSON.stringify({ ok: true, value }))
}

/** A refusal the core gave: a wrong or locked sign-in is 401, the rest by its kind. */
function refused(reply: FastifyReply, err: unknown) {
  if (!(err instanceof CultureError)) throw err
  const status = err.code === 'auth.badLogin' || err.code === 'auth.locked' ? 401 : HTTP_STATUS[err.kind]
  return refuse(reply, status, err)
}

function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {})
  if (!result.success) throw new Refusal(400, new CultureError('input.invalid'))
  return result.data
}

/**
 * /auth/*: sign in, sign out, who am I, whom a link is for, and taking up an invitation or reset link. All but /auth/me
 * (which a page asks often, and which guesses nothing) are rate limited per address, on top of the
 * core's lockout per account.
 */
export async function registerAuthRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const { accounts, guard } = options
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  const limited = { rateLimit: { max: options.attemptsPerMinute, timeWindow: 60_000 } }
  const cookie = sessionCookie(options.insecureHttp)

  app.post('/auth/login', { config: limited }, async (request, reply) => {
    const { email, password } = parsed(credentials, request.body)
    // Whatever session the browser came with ends here: a token planted before sign-in is never the one after (fixation).
    const before = request.cookies[SESSION_COOKIE]
    if (before) accounts.sessions.revoke(before)
    try {
      const { token, session, user } = await accounts.logins.login(email, password)
      request.userId = user.id
      reply.setCookie(SESSION_COOKIE, token, cookie)
      return answer(reply, me(user, csrfToken(session)))
    } catch (err) {
      reply.clearCookie(SESSION_COOKIE, cookie)
      return refused(reply, err)
    }
  })

  app.post('/auth/logout', { config: limited }, async (request, reply) => {
    const { token } = guard.required(request)
    accounts.sessions.revoke(token)
    reply.clearCookie(SESSION_COOKIE, cookie)
    return answer(reply, null)
  })

  app.get('/auth/me', async (request, reply) => {
    const signed = guard.signedIn(request)
    if (!signed) return refuse(reply, 401, new CultureError('auth.signInRequired'))
    return answer(reply, me(signed.user, csrfToken(signed.session)))
  })

  // The link's page says whom it is for before the person chooses a password. Limited like a sign-in: a
  // token guessed here is as good as one guessed at accept-invitation. Unknown, used and expired are one 404 (auth.invitationInvalid).
  app.get('/auth/invitation', { config: limited }, async (request, reply) => {
    const { token } = parsed(linkQuery, request.query)
    try {
      return answer(reply, accounts.invitations.describe(token))
    } catch (err) {
      return refused(reply, err)
    }
  })

  app.post('/auth/accept-invitation', { config: limited }, async (request, reply) => {
    const { token, password, displayName } = parsed(acceptance, request.body)
    try {
      const user = await accounts.invitations.accept(token, { password, displayName })
      return answer(reply, personOf(user))
    } catch (err) {
      return refused(reply, err)
    }
  })
}
