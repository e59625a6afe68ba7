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

/** Browser mode's `window.culture`: the same contract as the preload's, over HTTP to 127.0.0.1. */
export function installHttpBridge(): void {
  const token = takeToken()
  const fileUrl = (jobId: string, inline: boolean) =>
    `/api/files/${encodeURIComponent(jobId)}?token=${encodeURIComponent(token)}${inline ? '&inline=1' : ''}`
  const bridge: CultureBridge = {
    shell: 'browser',
    async call(method, input, options = {}) {
      let response: Response
      try {
        response = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-culture-token': token },
          body: JSON.stringify(input ?? {}),
          signal: options.signal,
        })
      } catch (err) {
        // Given up by the window (a newer search), not a server out of reach.
        if (options.signal?.aborted) throw err
        return failure('web.unreachable')
      }
      try {
        // Errors come as JSON too, 413 included: its message names the limit.
        return await response.json()
      } catch {
        return response.status === 413
          ? failure('web.answerTooLarge')
          : failure('web.unexpectedAnswer', { status: String(response.status) })
      }
    },
    onChange(listener: (event: ChangeEvent) => void) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
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
  window.culture = bridge
}
