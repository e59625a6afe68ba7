import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { translator, type Locale } from '../core/error-text'
import { escapeHtml } from '../core/html-escape'
import { CONNECT_CANCEL_CHANNEL, CONNECT_CHANNEL } from './ipc-channels'

/**
 * The dialog's page, in the menu's language: a labelled address field (the recent team libraries
 * offered as suggestions), its hint and problem tied to it for screen readers, Connect and Cancel.
 * No script and nothing to load (its Content-Security-Policy allows none): the preload wires the form.
 */
export function connectPageHtml(locale: Locale, recent: readonly string[]): string {
  const t = (key: string) => escapeHtml(translator(locale)(key))
  const options = recent.map((origin) => `<option value="${escapeHtml(origin)}"></option>`).join('')
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${t('menu.team.dialogTitle')}</title>
<style>
:root { color-scheme: light dark; font: 15px/1.45 system-ui, sans-serif; }
body { margin: 0; padding: 20px 24px; background: Canvas; color: CanvasText; }
h1 { font-size: 1.15rem; margin: 0 0 14px; }
label { display: block; font-weight: 600; margin-bottom: 4px; }
input { box-sizing: border-box; width: 100%; font: inherit; padding: 6px 8px; }
input[aria-invalid='true'] { border: 2px solid #c62828; }
.hint, .status { font-size: 0.9rem; opacity: 0.85; margin: 6px 0 0; }
.problem { font-weight: 600; margin: 6px 0 0; }
.problem:empty, .status:empty { display: none; }
.buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 18px; }
button { font: inherit; padding: 6px 14px; }
:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
</style>
</head>
<body>
<form id="connect" novalidate>
<h1>${t('menu.team.dialogTitle')}</h1>
<label for="address">${t('menu.team.address')}</label>
<input id="address" name="address" type="text" inputmode="url" autocomplete="url" spellcheck="false" required autofocus list="recent" aria-describedby="hint problem">
<datalist id="recent">${options}</datalist>
<p id="hint" class="hint">${t('menu.team.addressHint')}</p>
<p id="problem" class="problem" role="alert"></p>
<p id="status" class="status" role="status" data-checking="${t('menu.team.checking')}"></p>
<div class="buttons">
<button type="button" id="cancel">${t('menu.team.cancel')}</button>
<button type="submit" id="submit">${t('menu.team.connectButton')}</button>
</div>
</form>
</body>
</html>`
}

/** The dialog open now, if any: the only page whose address is listened to. */
let dialogWindow: BrowserWindow | null = null

export interface ConnectDialogOptions {
  parent: BrowserWindow | null
  preloadPath: string
  locale: Locale
  recent: readonly string[]
}

/** File ▸ Connect to Team Library…: a small window of its own, never the library window's page. One at a time. */
export function openConnectWindow(options: ConnectDialogOptions): BrowserWindow {
  if (dialogWindow && !dialogWindow.isDestroyed()) {
    dialogWindow.focus()
    return dialogWindow
  }
  const win = new BrowserWindow({
    parent: options.parent ?? undefined,
    modal: !!options.parent,
    width: 520,
    height: 320,
    resizable: false,
    minimizable: false,
    maximizable: false,
    title: translator(options.locale)('menu.team.dialogTitle'),
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    },
  })
  dialogWindow = win
  win.setMenu(null)
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (dialogWindow === win) dialogWindow = null
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(connectPageHtml(options.locale, options.recent))}`)
  return win
}

/**
 * The dialog's two channels. `connect` checks the address and opens the team library; it answers
 * the problem in words, or null, and then the dialog closes. Any other page asking is refused.
 */
export function registerConnectDialog(connect: (typed: string) => Promise<string | null>): () => void {
  const fromDialog = (event: IpcMainInvokeEvent | IpcMainEvent) =>
    !!dialogWindow && !dialogWindow.isDestroyed() && event.sender === dialogWindow.webContents
  ipcMain.handle(CONNECT_CHANNEL, async (event: IpcMainInvokeEvent, typed: unknown) => {
    if (!fromDialog(event) || typeof typed !== 'string') return ''
    const problem = await connect(typed)
    if (problem === null) dialogWindow?.close()
    return problem
  })
  ipcMain.on(CONNECT_CANCEL_CHANNEL, (event: IpcMainEvent) => {
    if (fromDialog(event)) dialogWindow?.close()
  })
  return () => {
    ipcMain.removeHandler(CONNECT_CHANNEL)
    ipcMain.removeAllListeners(CONNECT_CANCEL_CHANNEL)
  }
}
