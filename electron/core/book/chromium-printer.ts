import type { Browser } from 'playwright-core'
import { CultureError } from '../errors'
import { CHROMIUM_ARGS, chromiumEnv, locateChromium, type LocatedChromium } from './chromium-locator'
import type { PdfPrinter, PrintSession } from './pdf-printer'

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
 * with JavaScript off. The one thing evaluated in it is the printer's own constant wait for the fonts,
 * which Playwright sends over the DevTools protocol; that works with the page's scripts disabled and
 * nothing from the book takes part in it.
 */
export function chromiumPrinter(located?: LocatedChromium): PdfPrinter {
  return {
    async open(firstHtml, resource) {
      let html = firstHtml
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
        const load = async () => {
          await page.goto(BOOK_ORIGIN, { waitUntil: 'load' })
          await page.evaluate(() => document.fonts.ready.then(() => undefined))
        }
        await load()
        const session: PrintSession = {
          print: async () =>
            new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true }).catch(named)),
          load: async (next) => {
            html = next
            await load().catch(named)
          },
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
