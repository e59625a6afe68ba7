import { BrowserWindow, dialog, screen, shell } from 'electron'
import { isSafeExternalUrl } from '../core/markdown/external-links'
import { APP_URL } from './app-protocol'
import { DEFAULT_BOUNDS, loadWindowBounds, saveWindowBounds } from './window-state'

export interface MainWindowOptions {
  /** The local window's bridge to its library; a team library's window gets only its own small one, its child windows none (team-window.ts). */
  preloadPath?: string
  rendererUrl: string
  /** What the window may show and open, when it shows pages other than the app's own (a team library's: team-window.ts). */
  remote?: RemotePagePolicy
  /** Where the window's size and place are kept between runs; a window without one opens at the default and keeps nothing. */
  stateFile?: string
  title: string
  /** Only in development: a packaged app has no DevTools, by setting, shortcut or menu. */
  devTools: boolean
  /** The theme's paper colour, shown before the page paints (native-theme.ts). */
  backgroundColor?: string
  /** The question asked when an editor with unsaved changes is closed or reloaded, in the menu's language. */
  leaveTexts?: () => LeaveTexts
}

/** A window on a server's pages: its own cookie jar, and the pages it may go to and open. */
export interface RemotePagePolicy {
  /** The session partition its cookies live in. */
  partition: string
  /** Whether the page at `from` may take the window to `url` (a link, a form); any other address goes to `openOutside`. */
  mayNavigate(url: string, from: string): boolean
  /** Whether a server's redirect may take the window to `url`. */
  mayRedirect(url: string): boolean
  /** Whether a window the page opens on `url` stays in the app (`openChild`); any other goes to `openOutside`. */
  mayOpen(url: string): boolean
  openOutside(url: string): void
  openChild(url: string): void
}

export interface LeaveTexts {
  question: string
  detail: string
  leave: string
  stay: string
}

/**
 * What may go to the system browser or mail program. A mailto: link keeps only its addresses:
 * `?attach=/etc/passwd`, `&body=`, `&cc=` would let a story make the mail program attach a
 * local file or write a message the user did not.
 */
export function externalUrlToOpen(url: string): string | null {
  if (!isSafeExternalUrl(url)) return null
  const parsed = new URL(url)
  if (parsed.protocol !== 'mailto:') return url
  let to: string
  try {
    to = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  // An encoded `?` or `&` in the address could still be read as a header by a lenient mail program.
  if (/[?&#\s\p{Cc}]/u.test(to)) return null
  return `mailto:${parsed.pathname}`
}

export async function openExternalSafely(url: string): Promise<void> {
  const safe = externalUrlToOpen(url)
  if (safe) await shell.openExternal(safe)
}

/** Keys that open DevTools in Chromium: F12, Ctrl+Shift+I/J/C, and Cmd+Alt+I/J/C on a Mac. */
export function isDevToolsShortcut(input: {
  type: string
  key: string
  control: boolean
  meta: boolean
  shift: boolean
  alt: boolean
}): boolean {
  if (input.type !== 'keyDown') return false
  if (input.key === 'F12') return true
  const letter = ['i', 'j', 'c'].includes(input.key.toLowerCase())
  return letter && ((input.control && input.shift) || (input.meta && input.alt))
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const stateFile = options.stateFile
  const bounds = stateFile
    ? loadWindowBounds(
        stateFile,
        screen.getAllDisplays().map((d) => d.workArea),
      )
    : DEFAULT_BOUNDS
  const win = new BrowserWindow({
    ...bounds,
    // Every view works from 800 px wide up (tests/e2e/accessibility.test.ts).
    minWidth: 800,
    minHeight: 600,
    title: options.title,
    show: false,
    backgroundColor: options.backgroundColor ?? '#f7f4ef',
    webPreferences: {
      preload: options.preloadPath,
      ...(options.remote ? { partition: options.remote.partition, plugins: true } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
      devTools: options.devTools,
    },
  })
  if (bounds.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  // The title says which library the window shows (index.ts), whatever the page calls itself.
  win.on('page-title-updated', (event) => event.preventDefault())
  // The app never navigates away from itself, and never opens windows: links go to the system browser.
  // A team library's window stays on its server's origin, and opens that origin's windows itself.
  const remote = options.remote
  const mayNavigate = (url: string) => (remote ? remote.mayNavigate(url, win.webContents.getURL()) : url === win.webContents.getURL())
  const openOutside = (url: string) => (remote ? remote.openOutside(url) : void openExternalSafely(url))
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (remote?.mayOpen(url)) remote.openChild(url)
    else openOutside(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) {
      event.preventDefault()
      openOutside(url)
    }
  })
  // A server's redirect does not pass will-navigate: it is held to the same rule.
  if (remote) {
    win.webContents.on('will-redirect', (event, url) => {
      if (!remote.mayRedirect(url)) event.preventDefault()
    })
  }
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  // An editor with unsaved changes cancels beforeunload; without an answer here Electron would keep
  // the window open without a word. Leaving ignores the page's wish (its draft is already saved).
  const leaveTexts = options.leaveTexts
  if (leaveTexts) {
    win.webContents.on('will-prevent-unload', (event) => {
      const words = leaveTexts()
      const answer = dialog.showMessageBoxSync(win, {
        type: 'question',
        message: words.question,
        detail: words.detail,
        buttons: [words.leave, words.stay],
        defaultId: 1,
        cancelId: 1,
      })
      if (answer === 0) event.preventDefault()
    })
  }
  if (!options.devTools) {
    win.webContents.on('before-input-event', (event, input) => {
      if (isDevToolsShortcut(input)) event.preventDefault()
    })
    win.webContents.on('devtools-opened', () => win.webContents.closeDevTools())
  }

  if (stateFile) {
    const remember = () => {
      if (win.isDestroyed() || win.isMinimized()) return
      const b = win.getNormalBounds()
      saveWindowBounds(stateFile, { ...b, maximized: win.isMaximized() })
    }
    win.on('resized', remember)
    win.on('moved', remember)
    win.on('close', remember)
  }

  void win.loadURL(options.rendererUrl)
  return win
}

/**
 * Where the window loads the app from: the built renderer on the app scheme, or, in development
 * only, electron-vite's dev server on this machine. A packaged app ignores ELECTRON_RENDERER_URL,
 * so no environment variable can hand a remote page the library.
 */
export function rendererLocation(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const devUrl = env.ELECTRON_RENDERER_URL
  if (isPackaged || !devUrl) return APP_URL
  try {
    const url = new URL(devUrl)
    if (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return devUrl
  } catch {
    // Not a URL: fall through to the built app.
  }
  return APP_URL
}
