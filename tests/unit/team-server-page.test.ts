import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../../electron/core/accounts/passwords'
import { createDispatch } from '../../electron/core/dispatch'
import { startTeamServer, type RunningTeamServer } from '../../electron/server/team-server'
import { startWebServer } from '../../electron/web/web-server'
import { tempCore, tempDir } from './temp-library'

const PASSWORD = 'correct horse battery'
const INDEX = '<!doctype html>\n<html>\n  <head>\n    <title>app</title>\n  </head>\n</html>\n'
const MODE_META = '<meta name="culture-server" content="team" />'

let running: RunningTeamServer | null = null
afterEach(async () => {
  await running?.close()
  running = null
})

function rendererDir(): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'index.html'), INDEX)
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
  return dir
}

/** The first bytes of a response that stays open (the change stream), then the connection ends. */
function openStream(url: string, headers: Record<string, string>): Promise<{ status: number; type: string; first: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.once('data', (chunk: Buffer) => {
        resolve({ status: res.statusCode!, type: String(res.headers['content-type']), first: chunk.toString() })
        req.destroy()
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the page a team server serves', () => {
  it('tells the renderer it talks to a team server, under every name of the page; browser mode serves the page as it is', async () => {
    const core = tempCore()
    running = await startTeamServer({ core, host: '127.0.0.1', port: 0, rendererDir: rendererDir() })
    for (const path of ['/', '/index.html', '/stories', '/sign-in']) {
      const res = await fetch(new URL(path, running.url))
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(res.headers.get('content-security-policy'), path).toBeTruthy()
      const html = await res.text()
      expect(html, path).toContain(`<title>app</title>\n    ${MODE_META}\n  </head>`)
      expect(html.match(/culture-server/g), path).toHaveLength(1)
    }
    // Other files are untouched, and a missing one is still a plain 404.
    expect(await (await fetch(new URL('/app.js', running.url))).text()).toBe('console.log(1)')
    expect((await fetch(new URL('/missing.js', running.url))).status).toBe(404)

    const web = await startWebServer({ dispatch: createDispatch(core), changes: core.changes, rendererDir: rendererDir() })
    try {
      for (const path of ['/', '/index.html', '/stories']) expect(await (await fetch(new URL(path, web.url))).text(), path).toBe(INDEX)
    } finally {
      await web.close()
    }
  })

  it('opens the change stream for a signed-in page with its cookie alone (EventSource sends no custom headers), and not without one', async () => {
    const core = tempCore()
    running = await startTeamServer({ core, host: '127.0.0.1', port: 0, rendererDir: rendererDir(), insecureHttp: true })
    await running.accounts.users.create(
      { email: 'ann@example.com', displayName: 'Ann', passwordHash: await hashPassword(PASSWORD), roles: ['contributor'] },
      null,
    )
    const login = await fetch(new URL('/auth/login', running.url), {
      method: 'POST',
      headers: { origin: running.publicUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ann@example.com', password: PASSWORD }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.getSetCookie()[0].split(';')[0]
    const events = new URL('/api/events', running.url).href
    const open = await openStream(events, { cookie })
    expect(open).toMatchObject({ status: 200, type: 'text/event-stream' })
    expect(open.first).toContain(': connected')
    const refused = await fetch(events)
    expect(refused.status).toBe(401)
    expect((await refused.json()).error.code).toBe('auth.signInRequired')
  })
})
