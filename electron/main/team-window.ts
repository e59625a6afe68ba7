import { app, session, shell, type BrowserWindow, type Cookie, type DownloadItem, type Session } from 'electron'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { createMainWindow, type MainWindowOptions } from './main-window'
import { denyAllPermissions } from './session-security'
import { isSameOrigin, teamLibraryName } from './team-address'

/**
 * A team library's own cookie jar, kept on disk (the sign-in survives a restart: keepAcrossRestarts), one per origin:
 * one server's session cookie never goes to another, and none to the local window's session.
 */
export function teamPartition(origin: string): string {
  return `persist:team-${createHash('sha256').update(origin).digest('hex').slice(0, 32)}`
}

/** The address's scheme (`https:`), or null for what is not an address at all. */
const protocolOf = (url: string) => (URL.canParse(url) ? new URL(url).protocol : null)
const isHttps = (url: string) => protocolOf(url) === 'https:'

/** A link to another site goes to the system browser, and only an http(s) one: nothing else leaves a team window. */
function openWebLinkOutside(url: string): void {
  const protocol = protocolOf(url)
  if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url)
}

export const teamWindowTitle = (origin: string) => `Culture Book — ${teamLibraryName(origin)}`

/**
 * How long the app keeps a team library's sign-in across restarts. The server's session cookie lasts
 * "until the browser closes", and Electron drops such cookies when it quits; the server still ends
 * the session itself (it slides 7 days and lasts 30 at most), and Sign out still removes it.
 */
const KEEP_SIGNED_IN_SECONDS = 7 * 24 * 3600

/**
 * A cookie the team library's own host set for this browser session only, kept as it is (HttpOnly,
 * Secure, SameSite, path) but with an end date, so that the persistent partition stores it.
 */
function keepAcrossRestarts(ses: Session, origin: string, cookie: Cookie, removed: boolean): void {
  if (removed || !cookie.session || cookie.domain !== new URL(origin).hostname) return
  void ses.cookies
    .set({
      url: new URL(cookie.path ?? '/', origin).href,
      name: cookie.name,
      value: cookie.value,
      path: cookie.path,
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
      sameSite: cookie.sameSite,
      expirationDate: Math.floor(Date.now() / 1000) + KEEP_SIGNED_IN_SECONDS,
    })
    .catch(() => undefined)
}

/** The partitions whose session is already set up: handlers are added once per session, not per window. */
const preparedPartitions = new Set<string>()

/**
 * The team library's session refuses every permission (like every session of the app), and saves a
 * download (a book's PDF, a pack) through the normal save dialog, only from the team library's own origin.
 */
function prepareSession(partition: string, origin: string): Session {
  const ses = session.fromPartition(partition)
  if (preparedPartitions.has(partition)) return ses
  preparedPartitions.add(partition)
  denyAllPermissions(ses)
  ses.cookies.on('changed', (_event, cookie, _cause, removed) => keepAcrossRestarts(ses, origin, cookie, removed))
  ses.on('will-download', (_event: unknown, item: DownloadItem) => {
    if (!isSameOrigin(item.getURL(), origin)) {
      item.cancel()
      return
    }
    // No save path set: Electron asks where to save, starting in Downloads under the file's own name.
    item.setSaveDialogOptions({ defaultPath: join(app.getPath('downloads'), item.getFilename()) })
  })
  return ses
}

/** What the team window shares with the local one: where its bounds are kept, DevTools, colours, the leave question. */
export type TeamWindowBase = Omit<MainWindowOptions, 'preloadPath' | 'rendererUrl' | 'title' | 'remote'>

/**
 * A window on a team library's own pages (the server serves the same renderer, which signs in itself).
 * It is safe for remote content: sandboxed and isolated, no Node, and no local bridge: its preload
 * (`teamPreloadPath`) holds one function, the pack handover (pack-handover.ts). It stays on its
 * server's origin; links elsewhere go to the system browser, and windows it opens on its own origin
 * get no preload at all.
 */
export function createTeamWindow(origin: string, teamPreloadPath: string, base: TeamWindowBase, path = '/'): BrowserWindow {
  const partition = teamPartition(origin)
  prepareSession(partition, origin)
  const own = (url: string) => isSameOrigin(url, origin)
  const remote = {
    partition,
    // From its own pages the window goes nowhere else. Single sign-on is the one way out: the server
    // redirects to the team's identity provider (over https), whose pages may go on over https and,
    // in the end, back; the provider's pages get nothing from the app either (pack-handover.ts checks the origin).
    mayNavigate: (url: string, from: string) => own(url) || (isHttps(from) && !own(from) && isHttps(url)),
    mayRedirect: (url: string) => own(url) || isHttps(url),
    mayOpen: own,
    openOutside: openWebLinkOutside,
    // A child (a photo, a file) keeps no bounds: the team window's own, in the same file, are not its to overwrite.
    openChild: (url: string) =>
      void createMainWindow({ ...base, stateFile: undefined, rendererUrl: url, title: teamWindowTitle(origin), remote }),
  }
  return createMainWindow({
    ...base,
    preloadPath: teamPreloadPath,
    rendererUrl: new URL(path, origin).href,
    title: teamWindowTitle(origin),
    remote,
  })
}
