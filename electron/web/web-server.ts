import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, extname, join, normalize, sep } from 'node:path'
import { PACK_MAX_CHARS, type ApiResponse, type ChangeEvent } from '../core/api'
import type { ChangeFeed } from '../core/library/change-feed'
import type { Dispatch } from '../core/dispatch'
import { CONTENT_SECURITY_POLICY } from '../core/content-security'
import { STATIC_CONTENT_TYPES as CONTENT_TYPES } from '../core/static-content-types'

/** Large enough for a story at its size limit plus JSON escaping; larger bodies are refused unread. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024
export const TOKEN_HEADER = 'x-culture-token'

export interface WebServerOptions {
  dispatch: Dispatch
  changes: ChangeFeed
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
  token?: string
  /** The file a finished job wrote, for downloads and the book preview; null when there is none. */
  jobFile?: (jobId: string) => string | null
}

export interface RunningWebServer {
  url: string
  /** The URL to open: carries the per-run token, which the page keeps for the tab's lifetime. */
  openUrl: string
  token: string
  close(): Promise<void>
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(text)
}

function refuse(res: ServerResponse, status: number, code: 'forbidden' | 'invalid_input' | 'unknown_method', message: string) {
  const body: ApiResponse<never> = { ok: false, error: { code, message, issues: [] } }
  send(res, status, body)
}

/** Reads a JSON body up to the limit; past it, the rest is drained unread so the client still gets our 413. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      if (size > 4 * limit) req.destroy()
      if (!tooLarge) chunks.push(chunk)
    })
    req.on('end', () => (tooLarge ? reject(new RangeError('too large')) : resolve(Buffer.concat(chunks).toString('utf8'))))
    req.on('error', reject)
  })
}

/**
 * Browser mode: the built renderer plus the same contract as IPC, on 127.0.0.1 only.
 * Three locks on the API: the Host header (defeats DNS rebinding), the Origin header (defeats other
 * sites posting from the user's browser) and a per-run token that only the printed URL carries.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const sseClients = new Set<ServerResponse>()
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)

  const unsubscribe = options.changes.subscribe((change: ChangeEvent) => {
    for (const client of sseClients) client.write(`data: ${JSON.stringify(change)}\n\n`)
  })

  const server: Server = createServer(async (req, res) => {
    try {
      if (!allowedHosts().includes(req.headers.host ?? '')) {
        return refuse(res, 403, 'forbidden', 'Unexpected Host header: browser mode answers on 127.0.0.1 only.')
      }
      const origin = req.headers.origin
      if (origin !== undefined && !allowedOrigins().includes(origin)) {
        return refuse(res, 403, 'forbidden', 'Requests from other sites are not allowed.')
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`)

      if (url.pathname === '/api/events' && req.method === 'GET') {
        // EventSource cannot send headers, so this one stream takes the token as a query parameter.
        if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) {
          return refuse(res, 401, 'forbidden', 'Missing or wrong token.')
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        })
        res.write(': connected\n\n')
        sseClients.add(res)
        req.on('close', () => sseClients.delete(res))
        return
      }

      const fileMatch = /^\/api\/files\/([0-9a-f-]{36})$/.exec(url.pathname)
      if (fileMatch && req.method === 'GET') {
        // Opened by the browser itself (a link or an iframe), so the token comes as a parameter.
        if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) {
          return refuse(res, 401, 'forbidden', 'Missing or wrong token.')
        }
        const path = options.jobFile?.(fileMatch[1])
        if (!path || !existsSync(path)) return refuse(res, 404, 'invalid_input', 'That file is not available.')
        const name = basename(path)
        res.writeHead(200, {
          'content-type': name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.html') ? 'text/html; charset=utf-8' : name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
          'content-disposition': `${url.searchParams.get('inline') ? 'inline' : 'attachment'}; filename="${name.replace(/"/g, '')}"`,
          'x-content-type-options': 'nosniff',
          // An exported HTML book must not run anything, even if opened from here.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:",
          'cache-control': 'no-store',
        })
        createReadStream(path).pipe(res)
        return
      }

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'forbidden', 'Use POST for API calls.')
        if (!sameSecret(req.headers[TOKEN_HEADER] as string | undefined, token)) {
          return refuse(res, 401, 'forbidden', 'Missing or wrong token. Open the URL that `npm run web` printed.')
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return refuse(res, 415, 'invalid_input', 'API calls must send JSON.')
        }
        const method = decodeURIComponent(url.pathname.slice('/api/'.length))
        let raw: string
        try {
          // Story packs are the one large payload; everything else stays small.
          raw = await readBody(req, method === 'exchange.previewPack' || method === 'exchange.csvPreview' ? PACK_MAX_CHARS * 2 + 1024 : MAX_REQUEST_BYTES)
        } catch {
          return refuse(res, 413, 'invalid_input', 'The request is too large.')
        }
        let input: unknown
        try {
          input = raw ? JSON.parse(raw) : {}
        } catch {
          return refuse(res, 400, 'invalid_input', 'The request body is not valid JSON.')
        }
        const result = await options.dispatch(method, input)
        const status = result.ok ? 200 : result.error.code === 'unknown_method' ? 404 : result.error.code === 'internal' ? 500 : 400
        return send(res, status, result)
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'forbidden', 'Method not allowed.')
      serveStatic(options.rendererDir, url.pathname, res)
    } catch (err) {
      console.error(err)
      if (!res.headersSent) refuse(res, 500, 'forbidden', 'Internal error.')
      else res.end()
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe()
        for (const client of sseClients) client.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '')
  let file = join(root, relative || 'index.html')
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) && file !== root) {
    res.writeHead(404).end()
    return
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Unknown paths get the app itself; its router shows "not found" where that applies.
    if (extname(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    file = join(root, 'index.html')
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  })
  createReadStream(file).pipe(res)
}
