import { randomBytes } from 'node:crypto'

/** What one browser's sign-in at the identity provider needs back at the callback. */
export interface PendingSignIn {
  state: string
  nonce: string
  codeVerifier: string
  /** The app's path to open afterwards. */
  next: string
}

/** A sign-in at the provider must come back within this long. */
export const PENDING_MS = 10 * 60_000
/** At most this many at once: a flood of /auth/oidc/start (beyond the rate limit) drops the oldest, never grows memory. */
const MAX_PENDING = 10_000

/**
 * Sign-ins under way, on the server: the browser holds only a random handle (an HttpOnly cookie),
 * so the PKCE verifier and the nonce never leave the server, and each is taken once (a replayed
 * callback finds nothing).
 */
export class PendingSignIns {
  private entries = new Map<string, PendingSignIn & { until: number }>()

  constructor(private now: () => number = Date.now) {}

  /** The handle for the browser's cookie. */
  add(pending: PendingSignIn): string {
    const at = this.now()
    // Oldest first (all last as long): drop the expired, and the oldest while full.
    for (const [handle, entry] of this.entries) {
      if (entry.until > at && this.entries.size < MAX_PENDING) break
      this.entries.delete(handle)
    }
    const handle = randomBytes(32).toString('base64url')
    this.entries.set(handle, { ...pending, until: at + PENDING_MS })
    return handle
  }

  /** The sign-in for `handle`, removed: null when unknown, already taken or expired. */
  take(handle: string | undefined): PendingSignIn | null {
    if (!handle) return null
    const entry = this.entries.get(handle)
    this.entries.delete(handle)
    if (!entry || entry.until <= this.now()) return null
    const { until: _until, ...pending } = entry
    return pending
  }
}
