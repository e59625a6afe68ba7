import type { ApiResponse, ChangeEvent, CultureBridge } from '@core/api'
import { isSafeExternalUrl } from '@core/markdown/external-links'
import type { ErrorCode, ErrorParams } from '@core/errors'
import { clientError } from '../i18n'

const TOKEN_KEY = 'culture-book-token'

function failure(code: ErrorCode, params: ErrorParams = {}): ApiResponse<never> {
  return { ok: false, error: clientError(code, params) }
}

/**
 * Takes the per-run token out of the address bar (so it is not bookmarked or shared) and keeps it for
 * this origin. localStorage, not sessionStorage: a link opened in a new tab starts with an empty
 * session, and the origin (127.0.0.1 and this run's port) is already what no other site can read.
 */
function takeToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return localStorage.getItem(TOKEN_KEY) ?? ''
}

/**
 * A request to the page's own server (the cookie goes along on the same origin), its JSON answer as
 * the contract's ApiResponse: a server out of reach or an answer that is not JSON becomes a failure in words.
 */
export async function requestServer<T>(path: string, init: RequestInit = {}): Promise<{ status: number; answer: ApiResponse<T> }> {
  let response: Response
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin' })
  } catch (err) {
    // Given up by the window (a newer search), not a server out of reach.
    if (init.signal?.aborted) throw err
    return { status: 0, answer: failure('web.unreachable') }
  }
  const { status } = response
  // The team server's limit on sign-in attempts answers in its own shape.
  if (status === 429) return { status, answer: failure('auth.rateLimited') }
  try {
    // Errors come as JSON too, 413 included: its message names the limit.
    return { status, answer: await response.json() }
  } catch {
    return {
      status,
      answer: status === 413 ? failure('web.answerTooLarge') : failure('web.unexpectedAnswer', { status: String(status) }),
    }
  }
}

/** How the page proves who it is to the server: browser mode's per-run token, or the team server's session. */
export interface ServerAccess {
  /** Headers every contract call carries. */
  headers(): Record<string, string>
  /** Query parameters (already encoded) of what the browser opens by itself: the change stream, a job's file. */
  query: string
  /** The server answered 401: the page is signed out (the team server). */
  signedOut?(): void
}

/** `window.culture` over HTTP to the page's own server: the same contract as the preload's. */
export function createHttpBridge(access: ServerAccess): CultureBridge {
  const withQuery = (path: string, ...extra: string[]) => {
    const query = [access.query, ...extra].filter(Boolean).join('&')
    return query ? `${path}?${query}` : path
  }
  const fileUrl = (jobId: string, inline: boolean) => withQuery(`/api/files/${encodeURIComponent(jobId)}`, inline ? 'inline=1' : '')
  return {
    shell: 'browser',
    async call(method, input, options = {}) {
      const { status, answer } = await requestServer(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...access.headers() },
        body: JSON.stringify(input ?? {}),
        signal: options.signal,
      })
      if (status === 401) access.signedOut?.()
      return answer as never
    },
    onChange(listener: (event: ChangeEvent) => void) {
      const source = new EventSource(withQuery('/api/events'))
      source.onmessage = (message) => listener(JSON.parse(message.data) as ChangeEvent)
      return () => source.close()
    },
    async openExternal(url: string) {
      if (isSafeExternalUrl(url)) window.open(url, '_blank', 'noopener,noreferrer')
    },
    // A browser cannot open files on the machine: it downloads them from browser mode instead (a folder
    // as a zip). A link, not window.open: a download that starts when a job ends has no click to allow a popup.
    async openJobFile(jobId: string) {
      const link = document.createElement('a')
      link.href = fileUrl(jobId, false)
      link.download = ''
      document.body.append(link)
      link.click()
      link.remove()
    },
    jobFileUrl: fileUrl,
    // No native dialogs in a browser tab: folders are typed, and must lie inside the export folder.
    choosePath: async () => null,
  }
}

/** Browser mode's `window.culture`: the per-run token on every call. */
export function installHttpBridge(): void {
  const token = takeToken()
  window.culture = createHttpBridge({ headers: () => ({ 'x-culture-token': token }), query: `token=${encodeURIComponent(token)}` })
}
