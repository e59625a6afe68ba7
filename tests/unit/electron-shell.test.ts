import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/core/content-security'
import { tempDir } from './temp-library'

// The electron binary cannot run here: stand in for the objects the shell's glue touches.
type Handler = (...args: unknown[]) => unknown
class FakeSession {
  permissionRequest: Handler | null = null
  permissionCheck: Handler | null = null
  devicePermission: Handler | null = null
  beforeRequest: Handler | null = null
  handled = new Map<string, (request: { url: string }) => Promise<Response>>()
  handleCalls = 0
  setPermissionRequestHandler = (fn: Handler) => void (this.permissionRequest = fn)
  setPermissionCheckHandler = (fn: Handler) => void (this.permissionCheck = fn)
  setDevicePermissionHandler = (fn: Handler) => void (this.devicePermission = fn)
  webRequest = { onBeforeRequest: (fn: Handler) => void (this.beforeRequest = fn) }
  protocol = {
    // Like Electron: a second handler for a scheme is an error, and unhandle drops it for everyone.
    handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) => {
      if (this.handled.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
      this.handleCalls++
      this.handled.set(scheme, fn)
    },
    unhandle: (scheme: string) => void this.handled.delete(scheme),
    isProtocolHandled: (scheme: string) => this.handled.has(scheme),
  }
  fetch = async (url: string) => {
    const handler = this.handled.get(new URL(url).protocol.slice(0, -1))
    if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME ${url}`)
    return handler({ url })
  }
}
const sessions = new Map<string, FakeSession>()
const privileged: unknown[] = []
const appScheme = new Map<string, (request: { url: string }) => Promise<Response>>()
vi.mock('electron', () => ({
  session: { fromPartition: (name: string) => sessions.get(name) ?? sessions.set(name, new FakeSession()).get(name)! },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
    handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) => appScheme.set(scheme, fn),
  },
  Menu: { buildFromTemplate: (template: unknown) => template },
  shell: {},
  // A hidden print window: loads its page through its session's handler and "prints" the HTML it got.
  BrowserWindow: class {
    private page = ''
    private destroyed = false
    private readonly ses: FakeSession
    constructor(options: { webPreferences: { session: FakeSession } }) {
      this.ses = options.webPreferences.session
    }
    webContents = {
      setWindowOpenHandler: () => {},
      on: () => {},
      debugger: { attach: () => {}, sendCommand: async () => ({}) },
      executeJavaScript: async () => true,
      printToPDF: async () => Buffer.from(this.page),
    }
    async loadURL(url: string) {
      const res = await this.ses.fetch(url)
      if (!res.ok) throw new Error(`ERR_FAILED ${url}`)
      this.page = await res.text()
    }
    isDestroyed = () => this.destroyed
    destroy = () => void (this.destroyed = true)
  },
}))

const { denyAllPermissions } = await import('../../electron/main/session-security')
const { APP_URL, handleAppScheme, registerAppScheme, serveRendererFile } = await import('../../electron/main/app-protocol')
const { openPrintSite } = await import('../../electron/main/print-site')
const { appMenuTemplate } = await import('../../electron/main/app-menu')
const { electronPrinter } = await import('../../electron/main/electron-printer')

describe('the Electron shell (issue 9, defect 17)', () => {
  it('denies every permission, asked or checked', () => {
    const ses = new FakeSession()
    denyAllPermissions(ses as never)
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const answers: boolean[] = []
      ses.permissionRequest!({}, permission, (granted: boolean) => answers.push(granted), {})
      expect(answers).toEqual([false])
      expect(ses.permissionCheck!({}, permission, 'app://culture', {})).toBe(false)
    }
    expect(ses.devicePermission!({ deviceType: 'usb' })).toBe(false)
  })

  it('registers the app scheme as standard and secure, with no CSP bypass', () => {
    registerAppScheme()
    expect(privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }])
    expect((privileged[0] as { privileges: Record<string, unknown> }).privileges.bypassCSP).toBeUndefined()
    expect(APP_URL).toBe('app://culture/index.html')
  })

  it('serves the built renderer with its content type and the CSP, and nothing outside it', async () => {
    const root = tempDir()
    const renderer = join(root, 'renderer')
    mkdirSync(join(renderer, 'assets'), { recursive: true })
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Culture Book</title>')
    writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(root, 'secret.txt'), 'secret')
    symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'link.js'))
    handleAppScheme(renderer)
    const serve = (url: string) => appScheme.get('app')!({ url })

    const page = await serve('app://culture/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Culture Book</title>')
    expect((await serve('app://culture/')).status).toBe(200)
    const script = await serve('app://culture/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')

    for (const url of [
      'app://culture/../../etc/passwd',
      'app://culture/..%2f..%2fsecret.txt',
      'app://culture/assets/%2e%2e/%2e%2e/secret.txt',
      'app://culture/assets/..%5c..%5csecret.txt',
      'app://culture/assets/link.js',
      'app://culture/assets',
      'app://culture/index.html%00.js',
      'app://culture/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const res = await serveRendererFile(renderer, url)
      expect(res.status, url).toBe(404)
      expect(await res.text()).not.toContain('secret')
    }
  })

  it('keeps the print handler while another print runs: two prints at once', async () => {
    const fonts = (name: string) => (name === 'fonts/a.woff2' ? new Uint8Array([1, 2, 3]) : null)
    const first = openPrintSite(() => '<p>first book</p>', fonts)
    const second = openPrintSite(() => '<p>second book</p>', fonts)
    const ses = first.session as unknown as FakeSession
    expect(second.session).toBe(first.session)
    expect(ses.handleCalls).toBe(1)
    expect(first.url).not.toBe(second.url)
    expect(await (await ses.fetch(first.url)).text()).toBe('<p>first book</p>')
    expect(await (await ses.fetch(second.url)).text()).toBe('<p>second book</p>')

    // Only the running prints' own pages may load; anything else is cancelled before it leaves.
    const cancelled = (url: string) => {
      let answer: { cancel: boolean } | undefined
      ses.beforeRequest!({ url }, (a: { cancel: boolean }) => (answer = a))
      return answer!.cancel
    }
    expect([cancelled(first.url), cancelled(`${second.url}fonts/a.woff2`)]).toEqual([false, false])
    expect([cancelled('https://example.com/'), cancelled('data:text/html,x'), cancelled('https://book-x.culture-book.invalid/')]).toEqual([
      true,
      true,
      true,
    ])

    first.close()
    expect(ses.protocol.isProtocolHandled('https')).toBe(true)
    expect(await (await ses.fetch(second.url)).text()).toBe('<p>second book</p>')
    expect(new Uint8Array(await (await ses.fetch(`${second.url}fonts/a.woff2`)).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
    expect((await ses.fetch(first.url)).status).toBe(404)
    expect(cancelled(first.url)).toBe(true)

    second.close()
    second.close()
    expect(ses.protocol.isProtocolHandled('https')).toBe(false)
    // A print after both starts cleanly.
    const third = openPrintSite(() => '<p>third</p>', fonts)
    expect(await (await ses.fetch(third.url)).text()).toBe('<p>third</p>')
    third.close()
  })

  it('prints two books at once with the real printer glue, each its own page', async () => {
    const printer = electronPrinter()
    const [a, b] = await Promise.all([printer.open('<p>book A</p>', () => null), printer.open('<p>book B</p>', () => null)])
    await a.close()
    expect(Buffer.from(await b.print()).toString()).toBe('<p>book B</p>')
    const c = await printer.open('<p>book C</p>', () => null)
    expect(Buffer.from(await c.print()).toString()).toBe('<p>book C</p>')
    await Promise.all([b.close(), c.close()])
    expect(sessions.get('culture-book-print')!.protocol.isProtocolHandled('https')).toBe(false)
  })

  it('offers DevTools in the menu only in development', () => {
    const actions = { backupNow: () => {}, restoreFromBackup: () => {} }
    const roles = (devTools: boolean) =>
      JSON.stringify(appMenuTemplate('/library.sqlite', actions, devTools), (key, value) => (key === 'click' ? undefined : value))
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('flips the Electron fuses in electron-builder.yml, valid against electron-builder’s own schema', async () => {
    const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config.js')
    const { DebugLogger } = await import('builder-util')
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    })
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('leaves playwright-core and the bundled Chromium out of the packaged desktop app (issue 10)', async () => {
    const { getConfig } = await import('app-builder-lib/out/util/config/config.js')
    const { FileMatcher } = await import('app-builder-lib/out/fileMatcher.js')
    // Internal to electron-builder, so left out of its type declarations.
    const { getNodeModuleFileMatcher } = (await import('app-builder-lib/out/fileMatcher.js')) as unknown as {
      getNodeModuleFileMatcher: (
        appDir: string,
        to: string,
        expand: (s: string) => string,
        options: object,
        packager: object,
      ) => { patterns: string[] }
    }
    const { DebugLogger } = await import('builder-util')
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)
    const same = (s: string) => s
    // electron-builder's own node_modules filter, fed the way its copier feeds it (see appFileCopier.js).
    const patterns = getNodeModuleFileMatcher(process.cwd(), '/app', same, {}, { config, debugLogger: new DebugLogger(false) }).patterns
    const ships = (pkg: string, file: string) => {
      const source = join(process.cwd(), 'node_modules', pkg)
      const filter = new FileMatcher(source, join('/app/node_modules', pkg), same, patterns).createFilter()
      return filter(
        join(source, file),
        Object.assign(lstatSync(join(source, file)), { moduleFullFilePath: join('node_modules', pkg, file) }),
      )
    }
    expect(ships('playwright-core', 'package.json')).toBe(false)
    expect(ships('playwright-core', 'lib/coreBundle.js')).toBe(false)
    expect(ships('@sparticuz/chromium', 'bin/chromium.br')).toBe(false)
    expect(ships('@sparticuz/chromium', 'package.json')).toBe(false)
    // The filter is not simply dropping everything: the app's other dependencies still ship.
    expect(ships('better-sqlite3', 'package.json')).toBe(true)
    expect(ships('markdown-it', 'package.json')).toBe(true)
  })

  it('never loads playwright-core or the bundled Chromium from the desktop app’s code, which ships without them', () => {
    // Static imports only (not `import type`, not `await import()`), followed through our own files.
    const staticImport = /^\s*(?:import|export)\s+(?!type\b)(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"?]+)/gm
    const packages = new Set<string>()
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(staticImport)) {
        if (!specifier.startsWith('.')) {
          packages.add(specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/'))
          continue
        }
        const base = join(dirname(file), specifier)
        const target = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f))
        if (target) visit(target)
      }
    }
    visit('electron/main/index.ts')
    visit('electron/preload/index.ts')
    expect(seen).toContain('electron/core/dispatch.ts')
    expect(packages).toContain('better-sqlite3')
    expect(packages).not.toContain('playwright-core')
    expect(packages).not.toContain('@sparticuz/chromium')
  })
})
