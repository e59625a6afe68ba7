import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { CultureError } from '../errors'
import type { PdfPrinter, PrintSession } from './pdf-printer'

/** The book's own origin: nothing is ever fetched from the network for it. */
const BOOK_ORIGIN = 'http://book.culture-book.invalid/'
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

/** `--chromium`/setting first, then CHROMIUM_PATH, then the usual names on PATH. */
export function findChromium(configured?: string, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [configured, env.CHROMIUM_PATH].filter((c): c is string => !!c)
  for (const c of candidates) {
    if (existsSync(c)) return c
    throw new CultureError('invalid_input', `Chromium was not found at "${c}". Point CHROMIUM_PATH (or --chromium) at a Chromium or Chrome executable.`)
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of CHROMIUM_NAMES) {
      const path = join(dir, name)
      if (existsSync(path)) return path
    }
  }
  throw new CultureError(
    'invalid_input',
    'No Chromium or Chrome was found on PATH. Install Chromium, or set CHROMIUM_PATH (or pass --chromium <path>) to its executable.',
  )
}

/**
 * Chromium through playwright-core: for browser mode, the command line and the tests. The page runs
 * with JavaScript off. The one thing evaluated in it is the printer's own constant wait for the fonts,
 * which Playwright sends over the DevTools protocol; that works with the page's scripts disabled and
 * nothing from the book takes part in it.
 */
export function chromiumPrinter(executablePath: string): PdfPrinter {
  return {
    async open(firstHtml, resource) {
      let html = firstHtml
      const browser: Browser = await chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      })
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
            new Uint8Array(
              await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true }),
            ),
          load: async (next) => {
            html = next
            await load()
          },
          close: () => browser.close(),
        }
        return session
      } catch (err) {
        await browser.close()
        throw err
      }
    },
  }
}
