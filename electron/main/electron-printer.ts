import { BrowserWindow } from 'electron'
import { numberInPage } from '../core/book/page-numbering'
import type { PdfPrinter } from '../core/book/pdf-printer'
import { openPrintSite } from './print-site'

/** Waits for the book's fonts: a constant expression, evaluated by the printer, not by the page. */
const FONTS_READY = 'document.fonts.ready.then(() => true)'

type Evaluated = { exceptionDetails?: { text: string; exception?: { description?: string } } }

/**
 * Prints the book in a hidden, sandboxed window with its own session: the page and its fonts are
 * answered from memory, every other request is refused, and nothing reaches the network. The page
 * has JavaScript off; the fonts wait and the page numbers (page-numbering.ts, set in the loaded page
 * rather than by loading it again) go over the DevTools protocol (as playwright-core's do), which
 * evaluates with the page's scripts disabled.
 */
export function electronPrinter(): PdfPrinter {
  return {
    async open(html, resource) {
      // Each print gets its own host in the print session, so two prints at once do not collide.
      const site = openPrintSite(() => html, resource)
      const ses = site.session
      const win = new BrowserWindow({
        show: false,
        webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      })
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
      win.webContents.on('will-navigate', (event) => event.preventDefault())
      const close = async () => {
        if (!win.isDestroyed()) win.destroy()
        site.close()
      }
      const evaluate = async (expression: string) => {
        const { exceptionDetails }: Evaluated = await win.webContents.debugger.sendCommand('Runtime.evaluate', {
          expression,
          awaitPromise: true,
        })
        if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text)
      }
      try {
        win.webContents.debugger.attach()
        await win.loadURL(site.url)
        await evaluate(FONTS_READY)
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
          number: (numbering) => evaluate(numberInPage(numbering)),
          close,
        }
      } catch (err) {
        await close()
        throw err
      }
    },
  }
}
