import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { loadWindowBounds, saveWindowBounds } from '../../electron/main/window-state'
import { tempDir } from './temp-library'

const opened: string[] = []
/** What the next native question is answered (its button's index), and the questions asked. */
const answers: number[] = []
const asked: { message: string; buttons: string[] }[] = []
/** Every window the glue made: its options and the handlers it put on its page. */
const windows: {
  options: { webPreferences: Record<string, unknown> }
  handlers: Map<string, (...args: unknown[]) => void>
  closedDevTools: number
}[] = []
vi.mock('electron', () => ({
  shell: { openExternal: async (url: string) => void opened.push(url) },
  dialog: {
    showMessageBoxSync: (_win: unknown, options: { message: string; buttons: string[] }) => {
      asked.push(options)
      return answers.shift() ?? 1
    },
  },
  BrowserWindow: class {
    constructor(options: { webPreferences: Record<string, unknown> }) {
      const record = { options, handlers: new Map<string, (...args: unknown[]) => void>(), closedDevTools: 0 }
      windows.push(record)
      this.webContents = {
        setWindowOpenHandler: () => {},
        on: (name: string, fn: (...args: unknown[]) => void) => record.handlers.set(name, fn),
        getURL: () => '',
        closeDevTools: () => void record.closedDevTools++,
      }
    }
    webContents: unknown
    maximize() {}
    once() {}
    on() {}
    async loadURL() {}
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  protocol: {},
}))
const { createMainWindow, openExternalSafely, rendererLocation } = await import('../../electron/main/main-window')
const { APP_URL } = await import('../../electron/main/app-protocol')

describe('main window glue', () => {
  it('hands only http(s) and mailto links to the system browser', async () => {
    for (const url of ['https://example.com', 'mailto:a@b.c', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/x']) {
      await openExternalSafely(url)
    }
    expect(opened).toEqual(['https://example.com', 'mailto:a@b.c'])
  })

  it('keeps only the addresses of a mailto: link, so it cannot attach a file or write the mail (issue 9, defect 17)', async () => {
    opened.length = 0
    await openExternalSafely('mailto:a@b?attach=/etc/passwd&body=')
    await openExternalSafely('mailto:team@example.com,lead@example.com?cc=x@y&subject=Hi#frag')
    await openExternalSafely('mailto:a@b#attach=/etc/passwd')
    // An encoded "?" could still be read as the start of headers by a lenient mail program.
    await openExternalSafely('mailto:a@b%3Fattach=/etc/passwd')
    await openExternalSafely('mailto:a@b%0d%0aAttach:/etc/passwd')
    expect(opened).toEqual(['mailto:a@b', 'mailto:team@example.com,lead@example.com', 'mailto:a@b'])
  })

  it('loads a dev server only when not packaged, and only on this machine (issue 9, defect 17)', () => {
    const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(rendererLocation(false, dev)).toBe('http://localhost:5173')
    expect(rendererLocation(true, dev)).toBe(APP_URL)
    expect(rendererLocation(true, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBe(APP_URL)
    expect(rendererLocation(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBe(APP_URL)
    expect(rendererLocation(false, {})).toBe(APP_URL)
    expect(APP_URL).toBe('app://culture/index.html')
  })

  it('gives a packaged window no DevTools, and swallows the shortcuts that open them (issue 9, defect 17)', () => {
    const options = { preloadPath: '/p.cjs', rendererUrl: APP_URL, stateFile: join(tempDir(), 'w.json'), title: 'Culture Book' }
    windows.length = 0
    createMainWindow({ ...options, devTools: false })
    const [packaged] = windows
    expect(packaged.options.webPreferences).toMatchObject({
      devTools: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    })
    const key = (k: Partial<{ key: string; control: boolean; shift: boolean; meta: boolean; alt: boolean }>) => {
      let prevented = false
      packaged.handlers.get('before-input-event')!(
        { preventDefault: () => (prevented = true) },
        { type: 'keyDown', key: '', control: false, shift: false, meta: false, alt: false, ...k },
      )
      return prevented
    }
    expect([
      key({ key: 'F12' }),
      key({ key: 'I', control: true, shift: true }),
      key({ key: 'j', control: true, shift: true }),
      key({ key: 'i', meta: true, alt: true }),
    ]).toEqual([true, true, true, true])
    expect([key({ key: 'i', control: true }), key({ key: 'c', control: true }), key({ key: 'F5' })]).toEqual([false, false, false])
    packaged.handlers.get('devtools-opened')!()
    expect(packaged.closedDevTools).toBe(1)

    createMainWindow({ ...options, devTools: true })
    expect(windows[1].options.webPreferences.devTools).toBe(true)
    expect(windows[1].handlers.has('before-input-event')).toBe(false)
  })

  it('asks before a page with unsaved changes is closed or reloaded, and closes it when the answer is Leave', () => {
    windows.length = 0
    const leaveTexts = () => ({ question: 'Leave with unsaved changes?', detail: 'Kept as a draft.', leave: 'Leave', stay: 'Keep editing' })
    createMainWindow({
      preloadPath: '/p.cjs',
      rendererUrl: APP_URL,
      stateFile: join(tempDir(), 'w.json'),
      title: 'Culture Book',
      devTools: false,
      leaveTexts,
    })
    // The page cancelled its beforeunload: Electron asks the shell, which asks the person.
    const unload = (answer: number) => {
      answers.push(answer)
      let prevented = false
      windows[0].handlers.get('will-prevent-unload')!({ preventDefault: () => (prevented = true) })
      return prevented
    }
    expect(unload(1)).toBe(false)
    expect(unload(0)).toBe(true)
    expect(asked.map((q) => [q.message, q.buttons])).toEqual([
      ['Leave with unsaved changes?', ['Leave', 'Keep editing']],
      ['Leave with unsaved changes?', ['Leave', 'Keep editing']],
    ])
  })

  it('remembers window bounds, and forgets a position on a screen that is gone', () => {
    const file = join(tempDir(), 'window-state.json')
    const screenArea = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    expect(loadWindowBounds(file, screenArea)).toEqual({ width: 1280, height: 820, maximized: false })
    saveWindowBounds(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true })
    expect(loadWindowBounds(file, screenArea)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true })
    saveWindowBounds(file, { x: 3000, y: 50, width: 1000, height: 700, maximized: false })
    expect(loadWindowBounds(file, screenArea)).toEqual({ width: 1000, height: 700, maximized: false })
    writeFileSync(file, '{ not json')
    expect(loadWindowBounds(file, screenArea).width).toBe(1280)
  })
})
