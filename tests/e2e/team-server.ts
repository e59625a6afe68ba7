import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { openBrowser, type Browser } from './browser-mode'

const ROOT = resolve(import.meta.dirname, '../..')

export interface TeamServer {
  /** Where people open it, e.g. `http://127.0.0.1:41234/`. */
  url: string
  /** The test's own temp folder: the library, the server's config and its exports (`exports/`). */
  dir: string
  admin: { email: string; password: string }
  process: ChildProcess
  /** The server's log so far (pino JSON lines), for a failure's message. */
  output(): string
  /** SIGTERM (calls in flight finish), then the temp folder goes. */
  stop(): Promise<void>
}

/** Every person's password in these tests: long enough for the account rules, never a real one. */
export const PASSWORD = 'a long enough team passphrase'

function run(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  const child = spawn(process.execPath, [join(ROOT, 'out/main/serve.js'), ...args], {
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  if (stdin !== undefined) child.stdin!.end(stdin)
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return { child, exited, output: () => output }
}

/**
 * The built team server (`out/main/serve.js`, as `npm run serve` runs it) on a fresh library in a temp
 * folder, on a free port of 127.0.0.1, with its first admin made as the README says: `--create-admin`
 * with the password on stdin.
 *
 * `--insecure-http`: the session cookie is then sent without `Secure`. The browser and the server
 * share this machine's loopback, where nothing travels over a network that HTTPS would protect, and a
 * test certificate would need the browser to trust it; a real team runs it behind HTTPS (the README's
 * Caddy example). Everything else (HttpOnly, SameSite=Strict, CSRF, Origin/Host checks) is as in use.
 * `extra`: more serve options and environment (e.g. single sign-on's `--oidc-*` and OIDC_CLIENT_SECRET).
 */
export async function startTeamServer(extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<TeamServer> {
  const dir = mkdtempSync(join(tmpdir(), 'culture-book-team-'))
  const library = join(dir, 'team.sqlite')
  // Settings and logs in the test's folder, not this machine's.
  const env = { ...extra.env, XDG_CONFIG_HOME: join(dir, 'config') }
  const admin = { email: 'cora.curator@example.com', password: PASSWORD }

  const create = run(['--library', library, '--create-admin', admin.email], env, `${admin.password}\n`)
  if ((await create.exited) !== 0) throw new Error(`--create-admin failed:\n${create.output()}`)

  const serveArgs = ['--library', library, '--port', '0', '--insecure-http', '--export-dir', join(dir, 'exports'), ...(extra.args ?? [])]
  const server = run(serveArgs, env)
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the team server did not start:\n${server.output()}`)), 30_000)
    const onData = () => {
      const match = /"listening":"(http:\/\/127\.0\.0\.1:\d+\/)"/.exec(server.output())
      if (!match) return
      clearTimeout(timer)
      resolvePromise(match[1])
    }
    server.child.stdout!.on('data', onData)
    server.child.once('exit', (code) => reject(new Error(`the team server exited with ${code}:\n${server.output()}`)))
  })
  return {
    url,
    dir,
    admin,
    process: server.child,
    output: server.output,
    stop: async () => {
      if (server.child.exitCode === null) {
        server.child.kill('SIGTERM')
        await server.exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** One person at their own computer: a Chromium profile of their own (its own cookie jar), on the server's page. */
export interface PersonTab {
  browser: Browser
  page: Page
  /** Messages of uncaught errors in the page, and what its Content-Security-Policy refused. */
  pageErrors: string[]
}

/** `path`: where the browser opens first (the site's root, or a link such as an invitation's). */
export async function openPerson(server: TeamServer, path = '/'): Promise<PersonTab> {
  const browser = await openBrowser()
  const page = browser.page
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) pageErrors.push(message.text().slice(0, 300))
  })
  await page.goto(new URL(path, server.url).href)
  return { browser, page, pageErrors }
}

/**
 * Clicks `button` and waits for the fresh page signing in opens (team-session.ts `enterApp` reloads)
 * to show its first view. Until then a step would be lost: to the reload, or on the new page to Vue
 * Router, which listens for address changes only once its first navigation is done and then puts its
 * own address back (a `goto('/#/people')` ends on Stories).
 */
async function intoFreshPage(page: Page, button: string, signedIn: string | RegExp): Promise<void> {
  const reloaded = page.waitForEvent('load')
  await page.getByRole('button', { name: button }).click()
  await reloaded
  await page.getByTestId('signed-in').filter({ hasText: signedIn }).waitFor()
  await page.locator('main h1').first().waitFor()
}

/** Signs in on the sign-in page the server shows a signed-out browser, and waits for the library. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('input[name=email]').fill(email)
  await page.locator('input[name=password]').fill(password)
  await intoFreshPage(page, 'Sign in', /./)
}

/**
 * On the People page (the admin's page open): invites `email` with these roles and gives back the
 * link the page shows once, as the admin would copy it into an email.
 */
export async function invite(page: Page, email: string, roles: string[]): Promise<string> {
  await page.locator('.people-invite input[name=email]').fill(email)
  for (const box of await page.locator('[data-testid^=invite-role-]').all()) {
    const role = (await box.getAttribute('data-testid'))!.slice('invite-role-'.length)
    await box.setChecked(roles.includes(role))
  }
  await page.getByTestId('invite').click()
  await page.getByTestId('issued-link').filter({ hasText: email }).waitFor()
  return page.getByTestId('issued-url').inputValue()
}

/**
 * The invited person opens the link in a browser of their own, as from an email (the link is the
 * page's first address), chooses their name and a password, and is signed in.
 */
export async function acceptInvitation(server: TeamServer, link: string, name: string): Promise<PersonTab> {
  const person = await openPerson(server, link)
  const { page } = person
  await page.locator('input[name=name]').fill(name)
  await page.locator('input[name=password]').fill(PASSWORD)
  await intoFreshPage(page, 'Set password and sign in', name)
  return person
}
