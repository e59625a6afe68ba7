import { BrowserWindow } from 'electron'
import { fillPageNumbersScript, type PdfPrinter } from '../core/book/pdf-printer'
import { openPrintSite } from './print-site'

/**
 * Prints the book in a hidden, sandboxed window with its own session: the page and its fonts are
 * answered from memory, every other request is refused, and nothing reaches the network.
 */
export function electronPrinter(): PdfPrinter {
  return {
    async open(html, resource) {
      // Each print gets its own host in the print session, so two prints at once do not collide.
      const site = openPrintSite(() => html, resource)
      const ses = site.session
      const win = new BrowserWindow({
        show: false,
        webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: true },
      })
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
      win.webContents.on('will-navigate', (event) => event.preventDefault())
      const close = async () => {
        if (!win.isDestroyed()) win.destroy()
        site.close()
      }
      try {
        await win.loadURL(site.url)
        await win.webContents.executeJavaScript('document.fonts.ready.then(() => true)')
        return {
          print: async () =>
            new Uint8Array(
              await win.webContents.printToPDF({
                preferCSSPageSize: true,
                printBackground: true,
                generateDocumentOutline: true,
                generateTaggedPDF: true,
              }),
            ),
          fillPageNumbers: async (pages) => {
            await win.webContents.executeJavaScript(fillPageNumbersScript(pages))
          },
          close,
        }
      } catch (err) {
        await close()
        throw err
      }
    },
  }
}
