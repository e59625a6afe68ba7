import type { Browser } from 'playwright-core'
import { CultureError, type ErrorInfo } from '../errors'
import { CHROMIUM_ARGS, chromiumEnv, locateChromium, type LocatedChromium } from './chromium-locator'
import { numberInPage, type PageNumbering } from './page-numbering'
import type { PdfPrinter, PrintSession } from './pdf-printer'
import { startWorker } from '../worker-thread'

/** The book's own origin: nothing is ever fetched from the network for it. */
const BOOK_ORIGIN = 'http://book.culture-book.invalid/'

/** A failure while printing, naming the Chromium it happened in (the first line: Playwright appends a call log). */
function printFailed(err: unknown, used: LocatedChromium): Error {
  if (err instanceof CultureError) return err
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]
  return new CultureError('book.printFailed', { chromium: used.description, reason: first }, [], { cause: err })
}

/**
 * Chromium through playwright-core: for browser mode, the command line and the tests; the one given,
 * or the one chromium-locator finds when a book is first opened. The page runs
 * with JavaScript off. What is evaluated in it is the printer's own: the wait for the fonts and the
 * constant function that sets the page numbers (page-numbering.ts), which Playwright sends over the
 * DevTools protocol; that works with the page's scripts disabled and nothing from the book runs.
 */
export function chromiumPrinter(located?: LocatedChromium): PdfPrinter {
  return {
    async open(html, resource) {
      const used = located ?? (await locateChromium())
      const named = (err: unknown): never => {
        throw printFailed(err, used)
      }
      // Loaded on the first print: playwright-core alone costs a quarter of a second at start-up.
      const { chromium } = await import('playwright-core')
      const browser: Browser = await chromium
        .launch({ executablePath: used.executablePath, args: CHROMIUM_ARGS, env: chromiumEnv(used) })
        .catch(named)
      try {
        const page = await browser.newPage({ javaScriptEnabled: false })
        await page.route('**/*', async (route) => {
          const url = route.request().url()
          if (url === BOOK_ORIGIN) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
          const data = url.startsWith(BOOK_ORIGIN) ? resource(decodeURIComponent(url.slice(BOOK_ORIGIN.length))) : null
          if (data) return route.fulfill({ body: data, contentType: url.endsWith('.woff2') ? 'font/woff2' : 'font/woff' })
          return route.abort()
        })
        await page.goto(BOOK_ORIGIN, { waitUntil: 'load' })
        await page.evaluate(() => document.fonts.ready.then(() => undefined))
        const session: PrintSession = {
          print: async () =>
            new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true }).catch(named)),
          number: async (numbering) => void (await page.evaluate(numberInPage(numbering)).catch(named)),
          close: () => browser.close(),
        }
        return session
      } catch (err) {
        await browser.close()
        return named(err)
      }
    },
  }
}

/** What the main process asks chromium-worker.ts, one thing at a time. */
export type PrinterRequest = { op: 'open'; html: string } | { op: 'number'; numbering: PageNumbering } | { op: 'print' | 'close' }
export type PrinterReply = { pdf?: Uint8Array } | { error: ErrorInfo } | { failure: string }

/**
 * The same printer, driven from a worker thread (the built `chromium-worker.js`, or its source under
 * tsx): browser mode's server goes on answering while Chromium loads and prints a book. The worker
 * serves the book's fonts itself (fontFile); `resource` is not called across the thread.
 */
export function chromiumPrinterInWorker(workerPath: string, located?: LocatedChromium): PdfPrinter {
  return {
    async open(html) {
      const worker = startWorker(workerPath, located)
      // A failure between two requests has no one waiting; the next request finds the worker gone.
      worker.on('error', () => {})
      const ask = (request: PrinterRequest) =>
        new Promise<Uint8Array | undefined>((resolve, reject) => {
          const done = () => {
            worker.off('message', onReply)
            worker.off('error', reject)
            worker.off('exit', onExit)
          }
          const onReply = (reply: PrinterReply) => {
            done()
            if ('error' in reply) reject(CultureError.fromInfo(reply.error))
            else if ('failure' in reply) reject(new Error(reply.failure))
            else resolve(reply.pdf)
          }
          const onExit = (code: number) => {
            done()
            reject(new Error(`The printer's worker thread stopped with code ${code}.`))
          }
          worker.on('message', onReply)
          worker.once('error', reject)
          worker.once('exit', onExit)
          worker.postMessage(request)
        })
      try {
        await ask({ op: 'open', html })
      } catch (err) {
        await worker.terminate()
        throw err
      }
      return {
        print: async () => (await ask({ op: 'print' }))!,
        number: async (numbering) => void (await ask({ op: 'number', numbering })),
        close: async () => {
          try {
            await ask({ op: 'close' })
          } finally {
            await worker.terminate()
          }
        },
      }
    },
  }
}
