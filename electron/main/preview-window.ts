import { BrowserWindow } from 'electron'

/**
 * The book preview: the exported PDF in Chromium's own viewer, inside the app, with its page
 * thumbnails and bookmarks for jumping to a chapter. Sandboxed; it can show the file and nothing else.
 */
export function openPreviewWindow(pdfPath: string, parent: BrowserWindow | null): BrowserWindow {
  const win = new BrowserWindow({
    width: 960,
    height: 1100,
    title: 'Book preview',
    parent: parent ?? undefined,
    webPreferences: { plugins: true, sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false },
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  void win.loadFile(pdfPath)
  return win
}
