import { BrowserWindow, screen, shell } from 'electron'
import { join } from 'node:path'
import { isSafeExternalUrl } from '../core/markdown/external-links'
import { loadWindowBounds, saveWindowBounds } from './window-state'

export interface MainWindowOptions {
  preloadPath: string
  rendererUrl: string
  stateFile: string
  title: string
}

export async function openExternalSafely(url: string): Promise<void> {
  if (isSafeExternalUrl(url)) await shell.openExternal(url)
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const bounds = loadWindowBounds(
    options.stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: options.title,
    show: false,
    backgroundColor: '#f7f4ef',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  if (bounds.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  // The app never navigates away from itself, and never opens windows: links go to the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) {
      event.preventDefault()
      void openExternalSafely(url)
    }
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())

  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return
    const b = win.getNormalBounds()
    saveWindowBounds(options.stateFile, { ...b, maximized: win.isMaximized() })
  }
  win.on('resized', remember)
  win.on('moved', remember)
  win.on('close', remember)

  void win.loadURL(options.rendererUrl)
  return win
}

export function rendererLocation(mainDir: string): string {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) return devUrl
  return new URL(`file://${join(mainDir, '../renderer/index.html')}`).href
}
