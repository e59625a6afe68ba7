import { isIP } from 'node:net'
import { CultureError } from '../core/errors'

/** Plain HTTP only to this machine: anywhere else a password and a session cookie would cross the network in the clear. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1'
}

/**
 * The team library's origin from what the person typed: `books.example.com` becomes
 * `https://books.example.com`; a path, query or fragment is dropped (the server answers at its root).
 * Refused: anything but http(s), credentials in the address, and plain HTTP to another machine.
 */
export function parseTeamAddress(typed: string): string {
  const text = typed.trim()
  if (!text || text.length > 2000 || /\s/.test(text)) throw new CultureError('web.teamAddressInvalid')
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    throw new CultureError('web.teamAddressInvalid')
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) {
    throw new CultureError('web.teamAddressInvalid')
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw new CultureError('web.teamAddressInsecure', { host: url.host })
  return url.origin
}

/** Whether `url` is on the team library at `origin`; false for what is not an address at all. */
export function isSameOrigin(url: string, origin: string): boolean {
  try {
    // A blob: URL's origin is the page's that made it (a file the page assembled).
    return new URL(url).origin === origin
  } catch {
    return false
  }
}

/** What the team library is called in the window title and the menu: its host, with a port when it has one. */
export const teamLibraryName = (origin: string): string => new URL(origin).host

/** How long the address check waits for `/health` before it says the server is out of reach. */
const HEALTH_TIMEOUT_MS = 10_000

/**
 * Asks `<origin>/health` whether a Culture Book team server answers there: it says
 * `{ ok: true, schemaVersion: <number> }`. A redirect is not followed (it could lead anywhere);
 * anything else is told in words, never as a raw network error.
 */
export async function checkTeamServer(
  origin: string,
  fetchFn: typeof fetch = fetch,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<{ schemaVersion: number }> {
  const host = teamLibraryName(origin)
  let response: Response
  try {
    response = await fetchFn(`${origin}/health`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    throw new CultureError('web.teamUnreachable', { host }, [], { cause: err })
  }
  let answer: unknown = null
  try {
    answer = response.ok ? await response.json() : null
  } catch {
    // Not JSON: not ours.
  }
  const health = answer as { ok?: unknown; schemaVersion?: unknown } | null
  if (health?.ok !== true || typeof health.schemaVersion !== 'number' || !Number.isInteger(health.schemaVersion)) {
    throw new CultureError('web.notTeamServer', { host })
  }
  return { schemaVersion: health.schemaVersion }
}
