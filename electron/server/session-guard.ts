import { createHmac } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Accounts } from '../core/accounts/accounts'
import type { Session } from '../core/accounts/session-service'
import type { User } from '../core/accounts/user-repository'
import type { CultureCore } from '../core/culture-core'
import { CultureError } from '../core/errors'
import { authorize } from '../core/permissions'
import type { AccessGuard } from '../web/contract-app'
import { sameSecret } from '../web/web-server'
import { Refusal } from '../web/web-replies'

export const SESSION_COOKIE = 'cb_session'
export const CSRF_HEADER = 'x-csrf-token'

/** The token every state-changing call carries: derived from the session's secret, so only a page that read /auth/me knows it. */
export function csrfToken(session: Session): string {
  return createHmac('sha256', session.csrfSecret).update(session.id).digest('base64url')
}

export interface SignedIn {
  token: string
  session: Session
  user: User
}

/** Methods that change nothing, so need neither the CSRF token nor an Origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * The team server's locks: the Host its public URL names (DNS rebinding), that same Origin on every
 * state-changing request (other sites), a signed-in session (cb_session cookie) with the CSRF token,
 * and the permission table for every contract call.
 */
export class SessionGuard {
  constructor(
    private accounts: Accounts,
    private core: CultureCore,
    private publicUrl: () => URL,
  ) {}

  /** The session the request's cookie names, or null; the account goes into the request log. */
  signedIn(request: FastifyRequest): SignedIn | null {
    const token = request.cookies?.[SESSION_COOKIE]
    const found = token ? this.accounts.sessions.validate(token) : null
    if (!token || !found) return null
    request.userId = found.user.id
    return { token, ...found }
  }

  /** Signed in (401 otherwise) and, for a state-changing request, carrying the session's CSRF token (403 otherwise). */
  required(request: FastifyRequest): SignedIn {
    const signed = this.signedIn(request)
    if (!signed) throw new Refusal(401, new CultureError('auth.signInRequired'))
    if (!SAFE_METHODS.has(request.method) && !sameSecret(request.headers[CSRF_HEADER] as string | undefined, csrfToken(signed.session))) {
      throw new Refusal(403, new CultureError('auth.csrfInvalid'))
    }
    return signed
  }

  access(): AccessGuard {
    return {
      checkSource: (request) => {
        const url = this.publicUrl()
        // request.host is X-Forwarded-Host behind a trusted proxy, the Host header otherwise.
        if (request.host !== url.host) return new Refusal(403, new CultureError('auth.wrongHost'))
        const origin = request.headers.origin
        // A browser sends Origin on every POST; without one, a state-changing request is refused.
        if (origin !== url.origin && (origin !== undefined || !SAFE_METHODS.has(request.method))) {
          return new Refusal(403, new CultureError('web.otherOrigin'))
        }
        return null
      },
      apiCall: async (request) => {
        const { user } = this.required(request)
        return {
          caller: user,
          check: (method, input) => {
            const answer = authorize(method, input as never, user, this.core)
            return answer === 'allowed' ? null : answer
          },
        }
      },
      browserOpened: async (request, jobId) => {
        const { user } = this.required(request)
        if (jobId === undefined) return
        const answer = authorize('jobs.get', { id: jobId }, user, this.core)
        if (answer !== 'allowed') throw new Refusal(403, answer)
      },
    }
  }
}
