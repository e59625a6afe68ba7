// @vitest-environment happy-dom
/**
 * Issue 15: File ▸ Connect to Team Library… asks for the address in a small window of its own. Its
 * page has no script (the preload wires the form), speaks the menu's language, and only that page
 * may hand the main process an address.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'

type Handler = (...args: unknown[]) => unknown
const invokeHandlers = new Map<string, Handler>()
const listeners = new Map<string, Handler>()
const made: {
  options: { webPreferences: Record<string, unknown>; modal: boolean }
  closed: boolean
  loaded: string[]
  webContents: object
}[] = []
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => invokeHandlers.set(channel, fn),
    on: (channel: string, fn: Handler) => listeners.set(channel, fn),
    removeHandler: (channel: string) => invokeHandlers.delete(channel),
    removeAllListeners: (channel: string) => listeners.delete(channel),
  },
  BrowserWindow: class {
    record: (typeof made)[number]
    webContents: object
    events = new Map<string, Handler>()
    constructor(options: (typeof made)[number]['options']) {
      this.webContents = { setWindowOpenHandler: () => {}, on: () => {} }
      this.record = { options, closed: false, loaded: [], webContents: this.webContents }
      made.push(this.record)
    }
    setMenu() {}
    once() {}
    on(name: string, fn: Handler) {
      this.events.set(name, fn)
    }
    focus() {}
    isDestroyed() {
      return this.record.closed
    }
    close() {
      this.record.closed = true
      this.events.get('closed')?.()
    }
    async loadURL(url: string) {
      this.record.loaded.push(url)
    }
  },
}))

const { connectPageHtml, openConnectWindow, registerConnectDialog } = await import('../../electron/main/connect-window')
const { wireConnectForm } = await import('../../electron/preload/connect-form')
const { CONNECT_CANCEL_CHANNEL, CONNECT_CHANNEL } = await import('../../electron/main/ipc-channels')

const settle = () => new Promise((done) => setTimeout(done, 0))

describe('the Connect to Team Library dialog', () => {
  beforeEach(() => {
    made.length = 0
    invokeHandlers.clear()
    listeners.clear()
  })

  it('labels its field, ties the hint and the problem to it, and offers the recent team libraries', () => {
    document.documentElement.innerHTML = connectPageHtml('da', ['https://books.example.com', 'https://a"b.example'])
    const input = document.getElementById('address') as HTMLInputElement
    expect(document.querySelector('label[for="address"]')!.textContent).toBe('Teambibliotekets adresse')
    expect(input.getAttribute('aria-describedby')).toBe('hint problem')
    expect(document.getElementById('problem')!.getAttribute('role')).toBe('alert')
    expect([...document.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual([
      'https://books.example.com',
      'https://a"b.example',
    ])
    expect(document.getElementById('submit')!.textContent).toBe('Forbind')
    expect(document.querySelector('script')).toBeNull()
    expect(connectPageHtml('sv', [])).toContain('<html lang="sv">')
    expect(connectPageHtml('en', [])).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
  })

  it('sends the address, shows the problem beside the field, and cancels', async () => {
    document.documentElement.innerHTML = connectPageHtml('en', [])
    const sent: string[] = []
    let cancelled = 0
    const answers: (string | null)[] = ['books.example.com does not answer.', null]
    wireConnectForm(
      document as never,
      async (typed) => {
        sent.push(typed)
        return answers.shift()!
      },
      () => void cancelled++,
    )
    const input = document.getElementById('address') as HTMLInputElement
    const form = document.getElementById('connect') as HTMLFormElement
    input.value = 'books.example.com'
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    expect(document.getElementById('status')!.textContent).toBe('Checking the address…')
    await settle()
    expect(sent).toEqual(['books.example.com'])
    expect(document.getElementById('problem')!.textContent).toBe('books.example.com does not answer.')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await settle()
    expect(input.hasAttribute('aria-invalid')).toBe(false)
    expect(document.getElementById('problem')!.textContent).toBe('')
    ;(document.getElementById('cancel') as HTMLButtonElement).click()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(cancelled).toBe(2)
  })

  it('is its own sandboxed window with only the dialog’s preload, and listens to no other page', async () => {
    const typed: string[] = []
    registerConnectDialog(async (address) => {
      typed.push(address)
      return address === 'ok.example' ? null : 'No.'
    })
    const win = openConnectWindow({ parent: null, preloadPath: '/out/preload/connect.cjs', locale: 'en', recent: [] })
    const [dialog] = made
    expect(dialog.options.webPreferences).toMatchObject({
      preload: '/out/preload/connect.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      devTools: false,
    })
    expect(dialog.loaded[0]).toMatch(/^data:text\/html;charset=utf-8,/)
    const connect = invokeHandlers.get(CONNECT_CHANNEL)!
    // Another page (the team window, the local one) cannot connect or close it.
    expect(await connect({ sender: {} }, 'ok.example')).toBe('')
    listeners.get(CONNECT_CANCEL_CHANNEL)!({ sender: {} })
    expect(typed).toEqual([])
    expect(dialog.closed).toBe(false)
    expect(await connect({ sender: win.webContents }, 'bad.example')).toBe('No.')
    expect(dialog.closed).toBe(false)
    expect(await connect({ sender: win.webContents }, 'ok.example')).toBeNull()
    expect(dialog.closed).toBe(true)
  })
})
