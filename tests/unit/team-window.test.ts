/**
 * Issue 15, the desktop app as a team server's client: a team library opens in a window safe for
 * remote content, the title says which library is open, the menu switches back, and the app
 * reopens what was open last. The Electron binary cannot run here: its objects are stood in for.
 */
import type { MenuItemConstructorOptions } from 'electron'
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CultureError } from '../../electron/core/errors'
import { tempDir } from './temp-library'

type Handler = (...args: unknown[]) => unknown
interface FakeWindow {
  options: { title: string; webPreferences: Record<string, unknown> }
  contents: Map<string, Handler>
  events: Map<string, Handler>
  openHandler: Handler
  loaded: string[]
  closed: boolean
  focused: number
  webContents: { id: number; getURL(): string }
  close(): void
}
interface FakeSession {
  partition: string
  handlers: Map<string, Handler>
  cookieChanged?: Handler
  cookiesSet: Record<string, unknown>[]
  permissionRequest?: Handler
  permissionCheck?: Handler
  device?: Handler
}
const windows: FakeWindow[] = []
const sessions = new Map<string, FakeSession>()
const external: string[] = []
let nextId = 1

vi.mock('electron', () => {
  class BrowserWindow {
    record: FakeWindow
    webContents: FakeWindow['webContents'] & Record<string, unknown>
    constructor(options: FakeWindow['options']) {
      const id = nextId++
      const record: FakeWindow = {
        options,
        contents: new Map(),
        events: new Map(),
        openHandler: () => undefined,
        loaded: [],
        closed: false,
        focused: 0,
        webContents: { id, getURL: () => record.loaded.at(-1) ?? '' },
        close: () => this.close(),
      }
      windows.push(record)
      this.record = record
      this.webContents = {
        ...record.webContents,
        setWindowOpenHandler: (fn: Handler) => (record.openHandler = fn),
        on: (name: string, fn: Handler) => record.contents.set(name, fn),
        closeDevTools: () => {},
      }
    }
    maximize() {}
    once() {}
    on(name: string, fn: Handler) {
      this.record.events.set(name, fn)
    }
    focus() {
      this.record.focused++
    }
    isDestroyed() {
      return this.record.closed
    }
    isMinimized() {
      return false
    }
    /** Each window where it was opened: a window's bounds tell which window saved them. */
    getNormalBounds() {
      return { x: 10 * this.record.webContents.id, y: 0, width: 1280, height: 820 }
    }
    isMaximized() {
      return false
    }
    close() {
      this.record.closed = true
      this.record.events.get('closed')?.()
    }
    async loadURL(url: string) {
      this.record.loaded.push(url)
    }
  }
  return {
    BrowserWindow,
    app: { getPath: (name: string) => `/home/ann/${name}` },
    shell: { openExternal: async (url: string) => void external.push(url) },
    dialog: { showMessageBoxSync: () => 1 },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    protocol: {},
    Menu: { buildFromTemplate: (template: unknown) => template },
    session: {
      fromPartition: (partition: string) => {
        const existing = sessions.get(partition)
        if (existing) return existing
        const handlers = new Map<string, Handler>()
        const ses: FakeSession & Record<string, unknown> = {
          partition,
          handlers,
          cookiesSet: [],
          cookies: {
            on: (_name: string, fn: Handler) => (ses.cookieChanged = fn),
            set: async (details: Record<string, unknown>) => void ses.cookiesSet.push(details),
          },
          on: (name: string, fn: Handler) => handlers.set(name, fn),
          setPermissionRequestHandler: (fn: Handler) => (ses.permissionRequest = fn),
          setPermissionCheckHandler: (fn: Handler) => (ses.permissionCheck = fn),
          setDevicePermissionHandler: (fn: Handler) => (ses.device = fn),
        }
        sessions.set(partition, ses)
        return ses
      },
    },
  }
})

const { createTeamWindow, teamPartition, teamWindowTitle } = await import('../../electron/main/team-window')
const { LibraryWindows } = await import('../../electron/main/library-windows')
const { readLibraryChoice, rememberLibraryChoice } = await import('../../electron/main/library-choice')
const { createMainWindow } = await import('../../electron/main/main-window')
const { appMenuTemplate } = await import('../../electron/main/app-menu')
const { PackHandover } = await import('../../electron/main/pack-handover')

const ORIGIN = 'https://books.example.com'
const base = () => ({ stateFile: join(tempDir(), 'window-state.json'), devTools: false })
const last = () => windows.at(-1)!
/** What the window does when its page goes to `url`: true when it is stopped. */
function navigate(win: FakeWindow, event: 'will-navigate' | 'will-redirect', url: string): boolean {
  let stopped = false
  win.contents.get(event)!({ preventDefault: () => (stopped = true) }, url)
  return stopped
}

beforeEach(() => {
  windows.length = 0
  external.length = 0
})

describe('a team library’s window', () => {
  it('has no local bridge, is sandboxed and isolated, and keeps its own cookies per server', () => {
    createTeamWindow(ORIGIN, '/app/out/preload/team.cjs', base())
    const prefs = last().options.webPreferences
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false })
    expect(prefs.preload).toBe('/app/out/preload/team.cjs')
    expect(String(prefs.preload)).not.toMatch(/index\.cjs$/)
    expect(prefs.partition).toBe(teamPartition(ORIGIN))
    expect(prefs.partition).toMatch(/^persist:team-[0-9a-f]{32}$/)
    expect(last().loaded).toEqual([`${ORIGIN}/`])
    // One jar per origin: another server (or another port) never gets this one's session cookie.
    expect(teamPartition('https://other.example.com')).not.toBe(teamPartition(ORIGIN))
    expect(teamPartition('https://books.example.com:8443')).not.toBe(teamPartition(ORIGIN))
    expect(teamPartition(ORIGIN)).toBe(teamPartition('https://books.example.com'))
    // The local window keeps the default session.
    createMainWindow({
      ...base(),
      preloadPath: '/app/out/preload/index.cjs',
      rendererUrl: 'app://culture/index.html',
      title: 'Culture Book',
    })
    expect(last().options.webPreferences.partition).toBeUndefined()
  })

  it('stays on its server: other sites go to the system browser, and only http(s) ones', () => {
    createTeamWindow(ORIGIN, '/team.cjs', base())
    const win = last()
    expect(navigate(win, 'will-navigate', `${ORIGIN}/sign-in?next=%2Fstories`)).toBe(false)
    expect(navigate(win, 'will-navigate', `${ORIGIN}/#/library`)).toBe(false)
    for (const url of [
      'https://evil.example/',
      'http://books.example.com/',
      'https://books.example.com:444/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'mailto:a@b.c',
      'app://culture/index.html',
    ]) {
      expect(navigate(win, 'will-navigate', url), url).toBe(true)
    }
    expect(external).toEqual(['https://evil.example/', 'http://books.example.com/', 'https://books.example.com:444/'])
    expect(navigate(win, 'will-redirect', `${ORIGIN}/sign-in`)).toBe(false)
  })

  it('lets single sign-on through: the server’s redirect to its identity provider, the provider’s pages, and back', () => {
    createTeamWindow(ORIGIN, '/team.cjs', base())
    const win = last()
    // The server sends the window to the provider (GET /auth/oidc/start answers 302); never to plain http or a file.
    expect(navigate(win, 'will-redirect', 'https://login.example.com/authorize?client_id=culture-book')).toBe(false)
    expect(navigate(win, 'will-redirect', 'http://login.example.com/authorize')).toBe(true)
    expect(navigate(win, 'will-redirect', 'file:///etc/passwd')).toBe(true)
    // On the provider's page: its own form, then back to the server's callback.
    win.loaded.push('https://login.example.com/authorize?client_id=culture-book')
    expect(navigate(win, 'will-navigate', 'https://login.example.com/login-actions/authenticate')).toBe(false)
    expect(navigate(win, 'will-navigate', `${ORIGIN}/auth/oidc/callback?code=x&state=y`)).toBe(false)
    expect(navigate(win, 'will-navigate', 'http://login.example.com/')).toBe(true)
    // Back on its own pages, the window goes nowhere else again.
    win.loaded.push(`${ORIGIN}/#/stories`)
    expect(navigate(win, 'will-navigate', 'https://login.example.com/account')).toBe(true)
    expect(external).toEqual(['http://login.example.com/', 'https://login.example.com/account'])
  })

  it('opens windows only on its own origin, with no preload at all; others go outside', () => {
    createTeamWindow(ORIGIN, '/team.cjs', base())
    const win = last()
    expect(win.openHandler({ url: 'https://evil.example/x' })).toEqual({ action: 'deny' })
    expect(external).toEqual(['https://evil.example/x'])
    expect(win.openHandler({ url: `${ORIGIN}/api/files/1?inline=1` })).toEqual({ action: 'deny' })
    const child = last()
    expect(child).not.toBe(win)
    expect(child.loaded).toEqual([`${ORIGIN}/api/files/1?inline=1`])
    expect(child.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      partition: teamPartition(ORIGIN),
    })
    expect(child.options.webPreferences.preload).toBeUndefined()
    expect(navigate(child, 'will-navigate', 'https://evil.example/')).toBe(true)
  })

  it('keeps its own size and place; a window it opened keeps none, so it never overwrites them', () => {
    const options = base()
    createTeamWindow(ORIGIN, '/team.cjs', options)
    const win = last()
    win.events.get('moved')!()
    const kept = readFileSync(options.stateFile, 'utf8')
    expect(JSON.parse(kept)).toMatchObject({ x: 10 * win.webContents.id, width: 1280 })
    win.openHandler({ url: `${ORIGIN}/api/files/1?inline=1` })
    const child = last()
    expect(child).not.toBe(win)
    for (const event of ['resized', 'moved', 'close']) child.events.get(event)?.()
    child.close()
    expect(readFileSync(options.stateFile, 'utf8')).toBe(kept)
  })

  it('refuses every permission, and saves only its own server’s downloads, through the save dialog', () => {
    createTeamWindow(ORIGIN, '/team.cjs', base())
    const ses = sessions.get(teamPartition(ORIGIN))!
    let granted: boolean | undefined
    ses.permissionRequest!(null, 'media', (answer: boolean) => (granted = answer))
    expect(granted).toBe(false)
    expect(ses.permissionCheck!()).toBe(false)
    expect(ses.device!()).toBe(false)
    const download = (url: string) => {
      const item = { cancelled: false, dialog: null as unknown, getURL: () => url, getFilename: () => 'culture-book.pdf' }
      ses.handlers.get('will-download')!(
        {},
        {
          ...item,
          cancel: () => (item.cancelled = true),
          setSaveDialogOptions: (o: unknown) => (item.dialog = o),
        },
      )
      return item
    }
    expect(download(`${ORIGIN}/api/files/abc`)).toMatchObject({
      cancelled: false,
      dialog: { defaultPath: '/home/ann/downloads/culture-book.pdf' },
    })
    expect(download(`blob:${ORIGIN}/8c1f`)).toMatchObject({ cancelled: false })
    expect(download('https://evil.example/x.exe')).toMatchObject({ cancelled: true, dialog: null })
  })

  it('keeps its own server’s sign-in across restarts, with the cookie’s flags, and nobody else’s cookies', () => {
    createTeamWindow(ORIGIN, '/team.cjs', base())
    const ses = sessions.get(teamPartition(ORIGIN))!
    ses.cookiesSet.length = 0
    const cookie = {
      name: 'cb_session',
      value: 'tok',
      domain: 'books.example.com',
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
    }
    ses.cookieChanged!({}, { ...cookie, session: true }, 'explicit', false)
    // Already kept, removed (Sign out), or another host's: left alone.
    ses.cookieChanged!({}, { ...cookie, session: false }, 'explicit', false)
    ses.cookieChanged!({}, { ...cookie, session: true }, 'expired', true)
    ses.cookieChanged!({}, { ...cookie, session: true, domain: '.example.com' }, 'explicit', false)
    const now = Date.now() / 1000
    expect(ses.cookiesSet).toEqual([
      {
        url: `${ORIGIN}/`,
        name: 'cb_session',
        value: 'tok',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'strict',
        expirationDate: expect.any(Number),
      },
    ])
    const days = ((ses.cookiesSet[0].expirationDate as number) - now) / 86400
    expect(days).toBeGreaterThan(6.99)
    expect(days).toBeLessThanOrEqual(7)
  })

  it('is titled with its server, whatever the page calls itself', () => {
    createTeamWindow('https://books.example.com:8443', '/team.cjs', base())
    expect(last().options.title).toBe('Culture Book — books.example.com:8443')
    expect(teamWindowTitle(ORIGIN)).toBe('Culture Book — books.example.com')
    let kept = false
    last().events.get('page-title-updated')!({ preventDefault: () => (kept = true) })
    expect(kept).toBe(true)
  })
})

describe('switching libraries', () => {
  function setup(check: (origin: string) => Promise<unknown> = async () => ({ schemaVersion: 22 })) {
    const choiceFile = join(tempDir(), 'team-libraries.json')
    const told: [string, string][] = []
    let menus = 0
    const libraries = new LibraryWindows({
      choiceFile,
      localTitle: 'Culture Book — culture-book.sqlite',
      openLocal: (title) =>
        createMainWindow({ ...base(), preloadPath: '/out/preload/index.cjs', rendererUrl: 'app://culture/index.html', title }) as never,
      teamPreloadPath: '/out/preload/team.cjs',
      teamBase: base,
      check,
      explain: (err) => (err as Error).message,
      tell: (what, problem) => void told.push([what, problem]),
      changed: () => void menus++,
    })
    return { libraries, choiceFile, told, menus: () => menus }
  }

  it('connects to a team library in place of the local one, and switches back', async () => {
    const { libraries, choiceFile, menus } = setup()
    await libraries.openLast()
    const local = last()
    expect(local.options.title).toBe('Culture Book — culture-book.sqlite')
    expect(local.options.webPreferences.preload).toBe('/out/preload/index.cjs')

    expect(await libraries.connect('books.example.com')).toBeNull()
    const team = last()
    expect(team.options.title).toBe('Culture Book — books.example.com')
    expect(team.options.webPreferences.preload).toBe('/out/preload/team.cjs')
    expect(local.closed).toBe(true)
    expect(libraries.teamOrigin).toBe(ORIGIN)
    expect(readLibraryChoice(choiceFile)).toEqual({ open: ORIGIN, recent: [ORIGIN] })

    libraries.showLocal()
    expect(team.closed).toBe(true)
    expect(last().options.title).toBe('Culture Book — culture-book.sqlite')
    expect(libraries.teamOrigin).toBeNull()
    expect(readLibraryChoice(choiceFile)).toEqual({ open: 'local', recent: [ORIGIN] })
    expect(menus()).toBe(3)
  })

  it('says what is wrong with an address, and opens nothing', async () => {
    const { libraries } = setup(async (origin) => {
      throw new CultureError('web.notTeamServer', { host: new URL(origin).host })
    })
    await libraries.openLast()
    const before = windows.length
    expect(await libraries.connect('http://books.example.com')).toMatch(/must start with https:\/\//)
    expect(await libraries.connect('example.org')).toBe('example.org answers, but it is not a Culture Book team library.')
    expect(windows.length).toBe(before)
    expect(libraries.teamOrigin).toBeNull()
  })

  it('reopens what was open last; an unreachable team library gives way to the local one, with why', async () => {
    const first = setup()
    await first.libraries.connect('https://books.example.com')
    const again = new LibraryWindows({ ...(first.libraries as unknown as { options: object }).options } as never)
    windows.length = 0
    await again.openLast()
    expect(windows.map((w) => w.options.title)).toEqual(['Culture Book — books.example.com'])

    const down = setup(async () => {
      throw new CultureError('web.teamUnreachable', { host: 'books.example.com' })
    })
    rememberLibraryChoice(down.choiceFile, ORIGIN)
    windows.length = 0
    await down.libraries.openLast()
    expect(windows.map((w) => w.options.title)).toEqual(['Culture Book — culture-book.sqlite'])
    expect(down.told).toEqual([['localInstead', 'books.example.com does not answer. Check the address and your network connection.']])
  })

  it('offers the menu’s team items by what is open, in the chosen language', async () => {
    const { libraries } = setup()
    await libraries.openLast()
    await libraries.connect('https://books.example.com')
    await libraries.connect('https://other.example.com')
    const calls: string[] = []
    const team = (open: string | null) => ({
      open,
      recent: libraries.recent,
      connect: () => void calls.push('connect'),
      openTeam: (origin: string) => void calls.push(origin),
      openLocal: () => void calls.push('local'),
      upload: () => void calls.push('upload'),
    })
    const actions = { backupNow: () => {}, restoreFromBackup: () => {} }
    const file = (open: string | null, locale: 'en' | 'da' | 'sv' = 'en') =>
      appMenuTemplate('/l.sqlite', actions, false, locale, team(open)).find((m) => m.submenu)!.submenu as MenuItemConstructorOptions[]
    const local = file(null)
    expect(local.slice(0, 4).map((i) => [i.label, i.enabled ?? true])).toEqual([
      ['Connect to Team Library…', true],
      ['Recent Team Libraries', true],
      ['Switch to Local Library', false],
      ['Upload This Library to the Team Library…', false],
    ])
    const recent = local[1].submenu as MenuItemConstructorOptions[]
    expect(recent.map((i) => i.label)).toEqual(['other.example.com', 'books.example.com'])
    const onTeam = file('https://other.example.com')
    expect(onTeam.slice(2, 4).map((i) => i.enabled)).toEqual([true, true])
    expect((onTeam[1].submenu as MenuItemConstructorOptions[]).map((i) => i.checked)).toEqual([true, false])
    for (const item of [onTeam[0], (onTeam[1].submenu as MenuItemConstructorOptions[])[1], onTeam[2], onTeam[3]]) {
      ;(item.click as () => void)()
    }
    expect(calls).toEqual(['connect', ORIGIN, 'local', 'upload'])
    expect(
      file(null, 'da')
        .slice(0, 4)
        .map((i) => i.label),
    ).toEqual([
      'Forbind til teambibliotek…',
      'Seneste teambiblioteker',
      'Skift til lokalt bibliotek',
      'Upload dette bibliotek til teambiblioteket…',
    ])
    expect(file(null, 'sv')[0].label).toBe('Anslut till teambibliotek…')
  })

  it('offers the upload to the team window shown, and opens its import view', async () => {
    const { libraries } = setup()
    await libraries.openLast()
    await libraries.connect(ORIGIN)
    const team = last()
    const handover = new PackHandover()
    await libraries.upload(async () => ({ fileName: 'p.culturepack', base64: 'UEs=' }), handover)
    expect(team.loaded.at(-1)).toBe(`${ORIGIN}/#/library`)
    const frame = { url: `${ORIGIN}/#/library`, parent: null }
    expect(handover.take({ id: team.webContents.id }, frame)).toEqual({ fileName: 'p.culturepack', base64: 'UEs=' })
  })
})

describe('the recent team libraries file', () => {
  it('is written whole, by a rename, and keeps the newest first without repeats', () => {
    const dir = tempDir()
    const file = join(dir, 'team-libraries.json')
    rememberLibraryChoice(file, 'https://a.example.com')
    // A reader that opened the file before the next write: it keeps reading the whole old file, since
    // the new one is written beside it and renamed into place (an in-place write would change it under the reader).
    const reader = openSync(file, 'r')
    const before = readFileSync(file, 'utf8')
    rememberLibraryChoice(file, 'https://b.example.com')
    expect(fstatSync(reader).ino).not.toBe(statSync(file).ino)
    expect(readFileSync(reader, 'utf8')).toBe(before)
    closeSync(reader)
    rememberLibraryChoice(file, 'https://a.example.com')
    expect(readdirSync(dir)).toEqual(['team-libraries.json'])
    expect(readLibraryChoice(file)).toEqual({ open: 'https://a.example.com', recent: ['https://a.example.com', 'https://b.example.com'] })
  })

  it('opens the local library when the file is missing, broken, or names something that is not a safe address', () => {
    const file = join(tempDir(), 'team-libraries.json')
    expect(readLibraryChoice(file)).toEqual({ open: 'local', recent: [] })
    writeFileSync(file, '{ broken')
    expect(readLibraryChoice(file)).toEqual({ open: 'local', recent: [] })
    writeFileSync(file, JSON.stringify({ open: 'http://evil.example', recent: ['file:///etc', 'https://ok.example', 42] }))
    expect(readLibraryChoice(file)).toEqual({ open: 'local', recent: ['https://ok.example'] })
  })
})
