import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { basename, join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { api as coreApi } from '../../electron/core/api'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import { MAX_REQUEST_BYTES, startWebServer, type RunningWebServer } from '../../electron/web/web-server'
import { countRows, storyInput, tempCore, tempDir } from './temp-library'

let server: RunningWebServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function setup(jobFile?: (jobId: string) => string | null) {
  const core = tempCore()
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(tempDir(), 'secret.txt'), 'secret')
  server = await startWebServer({ dispatch: createDispatch(core), changes: core.changes, rendererDir, jobFile })
  return { core, server }
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Raw HTTP, so the test controls Host and Origin exactly as an attacker could. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; path?: string } = {},
): Promise<Reply> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path ?? target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}

function api(s: RunningWebServer, method: string, input: unknown, headers: Record<string, string> = {}) {
  return send(`${s.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-culture-token': s.token, ...headers },
    body: JSON.stringify(input),
  })
}

describe('browser mode server', () => {
  it('listens on 127.0.0.1 with a random port and a long token', async () => {
    const { server } = await setup()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(server.token.length).toBeGreaterThanOrEqual(32)
    expect(server.openUrl).toBe(`${server.url}?token=${server.token}`)
  })

  it('answers the contract with the token', async () => {
    const { core, server } = await setup()
    const res = await api(server, 'stories.create', { fields: storyInput(core) })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { title: 'Wedding shoes, overnight' } })
  })

  it('rejects calls without the token, with a wrong one, or from a foreign origin', async () => {
    const { core, server } = await setup()
    const input = { fields: storyInput(core) }
    expect((await api(server, 'stories.create', input, { 'x-culture-token': '' })).status).toBe(401)
    expect((await api(server, 'stories.create', input, { 'x-culture-token': 'x'.repeat(server.token.length) })).status).toBe(401)
    const foreign = await api(server, 'stories.create', input, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(JSON.parse(foreign.body).error.message).toMatch(/other sites/)
    const rebound = await api(server, 'stories.create', input, { host: 'evil.example' })
    expect(rebound.status).toBe(403)
    expect(countRows(core, 'stories')).toBe(0)
  })

  it('accepts the page’s own origin', async () => {
    const { server } = await setup()
    const res = await api(server, 'values.list', {}, { origin: server.url.replace(/\/$/, '') })
    expect(res.status).toBe(200)
  })

  it('reports unknown methods, bad JSON, wrong content type and oversize bodies clearly', async () => {
    const { server } = await setup()
    expect((await api(server, 'nope.nothing', {})).status).toBe(404)
    const badJson = await send(`${server.url}api/values.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-culture-token': server.token },
      body: '{"oops',
    })
    expect(badJson.status).toBe(400)
    expect(JSON.parse(badJson.body).error.message).toBe('The request body is not valid JSON.')
    const form = await send(`${server.url}api/values.list`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-culture-token': server.token },
      body: '{}',
    })
    expect(form.status).toBe(415)
    const huge = await api(server, 'values.list', { pad: 'x'.repeat(5 * 1024 * 1024) })
    expect(huge.status).toBe(413)
    const get = await send(`${server.url}api/values.list`)
    expect(get.status).toBe(405)
  })

  it('serves the renderer with a CSP, and nothing outside it', async () => {
    const { server } = await setup()
    const index = await send(server.url)
    expect(index.status).toBe(200)
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await send(`${server.url}assets/app.js`)).body).toBe('console.log(1)')
    expect((await send(server.url, { path: '/../secret.txt' })).body).not.toBe('secret')
    expect((await send(server.url, { path: '/%2e%2e/%2e%2e/etc/passwd' })).body).not.toContain('root:')
    expect((await send(`${server.url}assets/missing.js`)).status).toBe(404)
  })

  it('streams change events to a page that has the token', async () => {
    const { core, server } = await setup()
    expect((await send(`${server.url}api/events`)).status).toBe(401)
    const events: string[] = []
    const target = new URL(`${server.url}api/events?token=${server.token}`)
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search }, (res) => {
        res.on('data', (chunk) => {
          events.push(String(chunk))
          if (events.join('').includes('"topic":"stories"')) {
            req.destroy()
            resolve()
          }
        })
        // Once connected, cause a change.
        setTimeout(() => void api(server, 'stories.create', { fields: storyInput(core) }), 20)
      })
      req.on('error', (err) => (String(err).includes('socket hang up') ? resolve() : reject(err)))
      req.end()
    })
    expect(events.join('')).toMatch(/data: {"topic":"stories","ids":\["[0-9a-f-]{36}"\]}/)
  })
})

describe('browser mode at its limits', () => {
  it('answers an oversize body with 413 and the limit, never a reset connection', async () => {
    const { server } = await setup()
    for (const size of [20 * 1024 * 1024, MAX_REQUEST_BYTES + 1024 * 1024]) {
      const res = await api(server, 'stories.create', { pad: 'x'.repeat(size) })
      expect(res.status, `${size} bytes`).toBe(413)
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      expect(JSON.parse(res.body)).toEqual({
        ok: false,
        error: {
          kind: 'invalid_input',
          code: 'web.requestTooLarge',
          params: { size: Math.round(size / (1024 * 1024)), limit: 4, maxChars: 400_000 },
          message: `The request is too large (${Math.round(size / (1024 * 1024))} MB): browser mode takes at most 4 MB per call. A story can be at most 400,000 characters long.`,
          issues: [],
        },
      })
    }
    // The server is still there for the next call.
    expect((await api(server, 'values.list', {})).status).toBe(200)
  })

  it('refuses a pack over the upload limit with 413 and the limit in file megabytes', async () => {
    const { server } = await setup()
    const base64Limit = coreApi['exchange.previewPack'].input.shape.base64.maxLength!
    const res = await api(server, 'exchange.previewPack', { base64: 'A'.repeat(base64Limit + 1024 * 1024) })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body).error.message).toMatch(
      new RegExp(
        `^The file is too large to upload \\(\\d+ MB\\): the limit is ${Math.round((base64Limit * 3) / 4 / (1024 * 1024))} MB\\.$`,
      ),
    )
  })

  it('answers a broken %-escape with 400, with or without a token', async () => {
    const { server } = await setup()
    for (const path of ['/%E0%A4%A', '/assets/%ZZ.js', '/api/files/%C0']) {
      const res = await send(server.url, { path })
      expect(res.status, path).toBe(400)
      expect(JSON.parse(res.body).error.message).toBe('The address has a broken %-escape.')
    }
    const withToken = await send(server.url, {
      path: '/api/values.list%E0%A4%A',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-culture-token': server.token },
      body: '{}',
    })
    expect(withToken.status).toBe(400)
    expect(withToken.body).not.toMatch(/at .*\.ts:\d+/)
  })

  it('downloads a file whose name is not Latin-1, with an RFC 6266 name', async () => {
    const dir = tempDir()
    const file = join(dir, 'certificate-李雷.pdf')
    writeFileSync(file, '%PDF-1.7 certificate')
    const jobId = '0b6f3d8e-2c51-4e7a-9d0e-6f1a2b3c4d5e'
    const { server } = await setup((id) => (id === jobId ? file : null))
    const res = await send(`${server.url}api/files/${jobId}?token=${server.token}`)
    expect(res.status).toBe(200)
    expect(res.body).toBe('%PDF-1.7 certificate')
    const disposition = String(res.headers['content-disposition'])
    expect(disposition).toBe(`attachment; filename="certificate-_.pdf"; filename*=UTF-8''certificate-%E6%9D%8E%E9%9B%B7.pdf`)
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toBe('certificate-李雷.pdf')
    const inline = await send(`${server.url}api/files/${jobId}?token=${server.token}&inline=1`)
    expect(inline.headers['content-disposition']).toMatch(/^inline; filename="certificate-_.pdf"; /)
  })

  /** A library with one approved story that exports into its own folder, served by browser mode; closed when `use` is done. */
  async function servingExports(use: (core: CultureCore, server: RunningWebServer) => Promise<void>) {
    const dir = tempDir()
    const core = openCore(join(dir, 'library.sqlite'), { exportDir: join(dir, 'exports') })
    try {
      core.stories.create(storyFields.parse(storyInput(core)), 'approved')
      server = await startWebServer({
        dispatch: createDispatch(core),
        changes: core.changes,
        rendererDir: tempDir(),
        jobFile: core.jobFile,
      })
      await use(core, server)
    } finally {
      await server?.close()
      server = null
      core.close()
    }
  }

  async function finished<R>(core: CultureCore, id: string): Promise<JobState<R>> {
    let job = core.jobs.get(id) as JobState<R>
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 5))
      job = core.jobs.get(id) as JobState<R>
    }
    return job
  }

  it('serves a real export by its job id, and answers 404 once the file is gone or is a folder (issue 10, section 3)', () =>
    servingExports(async (core, server) => {
      const started = JSON.parse((await api(server, 'exchange.csvExport', {})).body) as { value: JobState<{ path: string }> }
      const job = await finished<{ path: string }>(core, started.value.id)
      const download = () => send(`${server.url}api/files/${job.id}?token=${server.token}`)
      const res = await download()
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(res.body).toContain('Wedding shoes, overnight')

      rmSync(job.result!.path)
      expect((await download()).status).toBe(404)
      // A folder where the file was: refused, not streamed (which took the whole server down).
      mkdirSync(job.result!.path)
      expect((await download()).status).toBe(404)
      expect((await api(server, 'library.info', {})).status).toBe(200)
    }))

  // Browser mode offered "Download" after a Markdown export and answered 404: a folder is not a file.
  it('downloads a Markdown export, a folder, as one zip of its files', () =>
    servingExports(async (core, server) => {
      const job = await finished<{ folder: string }>(core, core.exchange.markdownExport().id)
      const res = await fetch(`${server.url}api/files/${job.id}?token=${server.token}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/zip')
      const name = basename(job.result!.folder)
      expect(res.headers.get('content-disposition')).toContain(`filename="${name}.zip"`)
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
      const written = readdirSync(job.result!.folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      expect(Object.keys(files)).toHaveLength(written.length)
      const stories = Object.entries(files).filter(([path]) => path.startsWith(`${name}/`) && path.endsWith('.md'))
      expect(stories).toHaveLength(1)
      expect(strFromU8(stories[0][1])).toContain('Wedding shoes, overnight')
    }))
})

describe('browser mode on its server stack', () => {
  it('sends the standard security headers on every answer, the app’s own CSP on its files', async () => {
    const { server } = await setup()
    for (const reply of [await send(server.url), await api(server, 'values.list', {}), await send(`${server.url}api/events`)]) {
      expect(reply.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      })
      // Plain HTTP on 127.0.0.1: HSTS would mean nothing.
      expect(reply.headers['strict-transport-security']).toBeUndefined()
    }
    expect((await send(server.url)).headers['content-security-policy']).toContain("script-src 'self'")
  })

  it('closes gracefully: change streams end, a call in flight still gets its answer', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    let entered: () => void = () => {}
    const inFlight = new Promise<void>((resolve) => (entered = resolve))
    const running = await startWebServer({
      dispatch: async (method, input) => {
        if (method === 'library.info') {
          entered()
          await new Promise((resolve) => setTimeout(resolve, 300))
        }
        return dispatch(method, input)
      },
      changes: core.changes,
      rendererDir: tempDir(),
    })
    const target = new URL(`${running.url}api/events?token=${running.token}`)
    const stream = new Promise<string>((resolve, reject) => {
      request({ host: target.hostname, port: target.port, path: target.pathname + target.search }, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve(text))
      })
        .on('error', reject)
        .end()
    })
    const call = api(running, 'library.info', {})
    await inFlight
    const started = performance.now()
    await running.close()
    // Not held open until a client lets its idle keep-alive connection go (5 s for Node's agent).
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(await stream).toContain(': connected')
    const reply = await call
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true })
    await expect(send(running.url)).rejects.toThrow()
  })

  // Seen in CI: stopping browser mode waited for ever (an e2e cleanup timed out after 120 s) while a connection stayed busy.
  it('cuts a call that never finishes arriving once the grace period is over, so the process can stop', async () => {
    const core = tempCore()
    const running = await startWebServer({
      dispatch: createDispatch(core),
      changes: core.changes,
      rendererDir: tempDir(),
      closeGraceMs: 300,
    })
    const target = new URL(running.url)
    const socket = connect(Number(target.port), target.hostname)
    await new Promise((resolve) => socket.once('connect', resolve))
    // Headers promise a body that never comes: a call in flight from the server's point of view.
    socket.write(
      `POST /api/library.info HTTP/1.1\r\nHost: ${target.host}\r\ncontent-type: application/json\r\nx-culture-token: ${running.token}\r\ncontent-length: 100\r\n\r\n{`,
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    const cut = new Promise((resolve) => socket.once('close', resolve))
    const started = performance.now()
    await running.close()
    expect(performance.now() - started).toBeLessThan(2_000)
    await cut
  })
})
