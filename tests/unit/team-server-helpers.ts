/** A real team server on 127.0.0.1:0 over a temp library, and browsers that sign in to it like the page does. */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import pino from 'pino'
import { hashPassword } from '../../electron/core/accounts/passwords'
import type { ChangeEvent } from '../../electron/core/api'
import type { CultureCore } from '../../electron/core/culture-core'
import { startTeamServer, type RunningTeamServer, type TeamServerOptions } from '../../electron/server/team-server'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

export const PASSWORD = 'correct horse battery'

const ROOT = resolve(import.meta.dirname, '../..')

const running = new Set<RunningTeamServer>()

/** Every team server the test started, closed (call from afterEach). */
export async function closeTeamServers(): Promise<void> {
  const all = [...running]
  running.clear()
  await Promise.all(all.map((server) => server.close()))
}

/** `options.core`: a library opened by the test (with an export folder of its own, say); a fresh temp one otherwise. */
export async function team(options: Partial<TeamServerOptions> = {}) {
  const core = options.core ?? tempCore()
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  const lines: string[] = []
  const requestLog = pino({ base: null }, { write: (line: string) => lines.push(line) })
  const server = await startTeamServer({ core, host: '127.0.0.1', port: 0, rendererDir, requestLog, ...options })
  running.add(server)
  const member = async (email: string, roles: string[]) =>
    server.accounts.users.create({ email, displayName: email.split('@')[0], passwordHash: await hashPassword(PASSWORD), roles }, null)
  return { core, server, lines, member }
}

export interface Answer {
  status: number
  body: { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }
  cookies: string[]
}

/** One person's browser: keeps the session cookie and the CSRF token like the page would. */
export class Browser {
  cookie: string | null = null
  csrf: string | null = null
  constructor(
    private server: RunningTeamServer,
    public origin = server.publicUrl,
  ) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(new URL(path, this.server.url), {
      method,
      headers: {
        origin: this.origin,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const cookies = res.headers.getSetCookie()
    const set = cookies.find((c) => c.startsWith('cb_session='))
    if (set) this.cookie = set.split(';')[0] === 'cb_session=' ? null : set.split(';')[0]
    return { status: res.status, body: await res.json(), cookies }
  }

  async login(email: string, password = PASSWORD): Promise<Answer> {
    const answer = await this.send('POST', '/auth/login', { email, password })
    if (answer.body.ok) this.csrf = answer.body.value!.csrfToken as string
    return answer
  }

  call(method: string, input: unknown = {}, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('POST', `/api/${method}`, input, headers)
  }
}

/** A story written by `userId` before the call that reads it (as stories.create through the server records it). */
export function storyBy(core: CultureCore, userId: string, status: 'draft' | 'submitted' = 'draft'): string {
  const story = core.stories.create(storyFields.parse(storyInput(core, { title: `By ${userId.slice(0, 8)}` })), status)
  core.db.prepare('UPDATE stories SET created_by = ? WHERE id = ?').run(userId, story.id)
  return story.id
}

export interface Stream {
  status: number
  events: ChangeEvent[]
  /** Settles when the server ends the stream. */
  ended: Promise<void>
  stop(): void
}

/** GET /api/events as the page's EventSource opens it (the browser's cookie, no custom headers). */
export async function listen(server: RunningTeamServer, browser: Pick<Browser, 'cookie'> | null): Promise<Stream> {
  const controller = new AbortController()
  const res = await fetch(new URL('/api/events', server.url), {
    headers: { ...(browser?.cookie ? { cookie: browser.cookie } : {}) },
    signal: controller.signal,
  })
  const events: ChangeEvent[] = []
  const read = async () => {
    if (!res.ok) return
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (message.startsWith('data: ')) events.push(JSON.parse(message.slice('data: '.length)) as ChangeEvent)
        }
      }
    } catch {
      /* stopped by the test */
    }
  }
  // The stream is open (its ': connected' line may still be on its way) once the answer's head arrived.
  return { status: res.status, events, ended: read(), stop: () => controller.abort() }
}

/** Waits for `check` to hold (asked every 10 ms), or fails naming `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  for (const start = Date.now(); !(await check());) {
    if (Date.now() - start > ms) throw new Error(`Waited ${ms} ms for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export type Step = { choices: { id: string }[] }
export type Played = { next: Step | null; ending: unknown }

/** Plays a started scenario to its end, always taking the first choice shown. */
export async function playOne(answer: (input: { sessionId: string; choiceId: string }) => Played | Promise<Played>, start: unknown) {
  const { sessionId, step } = start as { sessionId: string | null; step: Step }
  if (!sessionId) throw new Error('the starter pack gave no scenario to play')
  let current: Step | null = step
  while (current) current = (await answer({ sessionId, choiceId: current.choices[0].id })).next
}

/**
 * electron/server/serve.ts as `npm run serve` runs it, from source (tsx, and Vite's ?raw imports by
 * the test hooks); `env` is added to this process's. `printed` waits up to 30 s for a line on stdout.
 */
export function serveFromSource(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const hooks = join(tempDir(), 'hooks.mjs')
  writeFileSync(
    hooks,
    `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(ROOT, 'tests/unit/raw-import-hooks.mjs')).href)})\n`,
  )
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', hooks, join(ROOT, 'electron/server/serve.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (err += d))
  if (options.stdin !== undefined) child.stdin.end(options.stdin)
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const printed = async (pattern: RegExp) => {
    for (let i = 0; i < 300 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 100))
    return pattern.exec(out)
  }
  return { child, exited, printed, output: () => out, errors: () => err }
}
