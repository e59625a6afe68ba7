import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { onTestFinished } from 'vitest'
import type { ApiInput, ApiMethod, ApiResult, CultureBridge } from '../../electron/core/api'
import { CHROMIUM_ARGS, chromiumEnv, locateChromium } from '../../electron/core/book/chromium-locator'

const ROOT = resolve(import.meta.dirname, '../..')
export const SCREENSHOTS = join(ROOT, 'tests/e2e/__screenshots__')

export interface WebApp {
  url: string
  token: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts the built browser mode (`out/main/web.js`) as a user would, and waits for its URL. The bench
 * passes Node flags (`execArgv`, e.g. an `--import` probe) and asks for an IPC channel to talk to it.
 */
export async function startWebApp(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  node: { execArgv?: string[]; ipc?: boolean } = {},
): Promise<WebApp> {
  const child = spawn(process.execPath, [...(node.execArgv ?? []), join(ROOT, 'out/main/web.js'), ...args], {
    stdio: node.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let output = ''
  const openUrl = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolvePromise(match[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)))
  })
  const token = new URL(openUrl).searchParams.get('token')!
  return {
    url: openUrl,
    token,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}

export interface Browser {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** A fresh headless Chromium profile: the one Chromium the app itself would print with (see chromium-locator). */
export async function openBrowser(): Promise<Browser> {
  const located = await locateChromium()
  const profile = mkdtempSync(join(tmpdir(), 'culture-book-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: located.executablePath,
    env: chromiumEnv(located),
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: CHROMIUM_ARGS,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
}

export interface AppTab {
  app: WebApp
  page: Page
  /** The test's own temp folder: its library (`library.sqlite`) unless it is the demo, and its exports. */
  dir: string
  /** Messages of uncaught errors in the page. */
  pageErrors: string[]
}

/**
 * What one test needs and nothing another test left behind: browser mode on a library of its own (a
 * fresh file, or `demo: true` for a fresh demo library) and a new tab on it. Both go when the test ends.
 */
export async function openAppTab(
  browser: Browser,
  options: { demo?: boolean; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<AppTab> {
  const dir = mkdtempSync(join(tmpdir(), 'culture-book-e2e-'))
  const library = options.demo ? ['--demo'] : ['--library', join(dir, 'library.sqlite')]
  // The user-data folder (settings, logs) is the test's own too, so no test changes another's language or this machine's.
  const env = { XDG_CONFIG_HOME: join(dir, 'config'), ...options.env }
  const app = await startWebApp([...library, '--export-dir', join(dir, 'exports'), ...(options.args ?? [])], env)
  const page = await browser.context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  onTestFinished(async () => {
    await page.close()
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  await page.goto(app.url)
  return { app, page, dir, pageErrors }
}

/** Calls the app's API from inside the page, as the renderer does; a refusal throws with its message. */
export async function callApi<M extends ApiMethod>(page: Page, method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
  const response = await page.evaluate(
    ([m, i]) => (window as unknown as { culture: CultureBridge }).culture.call(m as M, i as ApiInput<M>),
    [method, input] as const,
  )
  if (!response.ok) throw new Error(`${method}: ${response.error.message}`)
  return response.value as ApiResult<M>
}

/**
 * Opens the editor on the story the page shows and waits until the form holds that story. The
 * editor shows an empty form while the story loads, and what is typed into it before then is
 * overwritten when it arrives.
 */
export async function editShownStory(page: Page): Promise<void> {
  const title = (await page.getByTestId('story-title').textContent())!
  await page.getByRole('link', { name: 'Edit' }).click()
  await page.waitForFunction((t) => document.querySelector<HTMLInputElement>('input[name=title]')?.value === t, title)
}
