import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, expect, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { hashPassword } from '../../electron/core/accounts/passwords'
import { startTeamServer, type RunningTeamServer, type TeamServerOptions } from '../../electron/server/team-server'
import { installTeamBridge, loadSession, signIn, teamSession } from '../../src/api/team-session'
import { routes } from '../../src/router'
import { tempCore, tempDir } from '../unit/temp-library'

export const PASSWORD = 'correct horse battery'

let running: RunningTeamServer | null = null
afterEach(async () => {
  await running?.close()
  running = null
  vi.restoreAllMocks()
  Object.assign(teamSession, { active: false, user: null, csrfToken: '', methods: [] })
  document.head.querySelector('meta[name="culture-server"]')?.remove()
})

/** A request as the page sent it, for checking what went along. */
export interface Sent {
  method: string
  path: string
  headers: Record<string, string>
}

/**
 * The page's browser, for a real team server: happy-dom's fetch neither sends Origin (a header it
 * forbids scripts to set, which a real browser adds to every POST itself) nor keeps a cookie jar
 * across origins, so `fetch` goes over node:http the way a browser would, keeping the session cookie.
 */
function browserFetch(base: string, sent: Sent[]) {
  let cookie = ''
  return (input: string, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input, base)
      const method = init.method ?? 'GET'
      const headers: Record<string, string> = { ...(init.headers as Record<string, string>) }
      if (method !== 'GET' && method !== 'HEAD') headers.origin = url.origin
      if (cookie && init.credentials !== 'omit') headers.cookie = cookie
      sent.push({ method, path: url.pathname, headers })
      const req = request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          for (const set of res.headers['set-cookie'] ?? []) {
            const pair = set.split(';')[0]
            cookie = pair.endsWith('=') ? '' : pair
          }
          resolve(new Response(Buffer.concat(chunks).toString(), { status: res.statusCode }))
        })
      })
      req.on('error', reject)
      req.end(init.body as string | undefined)
    })
}

/**
 * A team server on 127.0.0.1:0 with a real library, and this page set up as one it served: the
 * `<meta>` its index.html carries, and fetch reaching it with a browser's cookie and Origin.
 */
export async function teamServer(options: Partial<TeamServerOptions> = {}) {
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>')
  const core = tempCore()
  running = await startTeamServer({ core, host: '127.0.0.1', port: 0, rendererDir, insecureHttp: true, attemptsPerMinute: 100, ...options })
  const server = running
  const meta = document.createElement('meta')
  meta.name = 'culture-server'
  meta.content = 'team'
  document.head.append(meta)
  const sent: Sent[] = []
  vi.stubGlobal('fetch', browserFetch(server.url, sent))
  // Signing in or out opens the app on a fresh page: recorded here instead of reloading the test's window.
  const reloads = vi.spyOn(window.location, 'reload').mockImplementation(() => {})
  const member = async (email: string, displayName: string, roles: string[]) =>
    server.accounts.users.create({ email, displayName, passwordHash: await hashPassword(PASSWORD), roles }, null)
  return { core, server, sent, reloads, member }
}

/**
 * This page as signing in leaves it: `email` (a member's, with PASSWORD) signs in through the team
 * bridge, and the fresh page's first step (main.ts) reads who that is.
 */
export async function signedInFresh(email: string): Promise<void> {
  installTeamBridge(createRouter({ history: createMemoryHistory(), routes }))
  expect(await signIn(email, PASSWORD)).toMatchObject({ ok: true })
  await loadSession()
}
