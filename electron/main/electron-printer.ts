import { BrowserWindow, session } from 'electron'
import { fillPageNumbersScript, type PdfPrinter } from '../core/book/pdf-printer'

const BOOK_URL = 'https://book.culture-book.invalid/'
const PARTITION = 'culture-book-print'

/**
 * Prints the book in a hidden, sandboxed window with its own session: the page and its fonts are
 * answered from memory, every other request is refused, and nothing reaches the network.
 */
export function electronPrinter(): PdfPrinter {
  return {
    async open(html, resource) {
      const ses = session.fromPartition(PARTITION)
      ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith(BOOK_URL) }))
      ses.protocol.handle('https', async (request) => {
        if (request.url === BOOK_URL) return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
        const data = request.url.startsWith(BOOK_URL) ? resource(decodeURIComponent(request.url.slice(BOOK_URL.length))) : null
        if (!data) return new Response(null, { status: 404 })
        return new Response(new Uint8Array(data), { headers: { 'content-type': 'font/woff2' } })
      })
      const win = new BrowserWindow({
        show: false,
        webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: true },
      })
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
      win.webContents.on('will-navigate', (event) => event.preventDefault())
      const close = async () => {
        if (!win.isDestroyed()) win.destroy()
        ses.protocol.unhandle('https')
      }
      try {
        await win.loadURL(BOOK_URL)
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
