import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, extname, join, normalize, sep } from 'node:path'
import { api, type ApiResponse, type ChangeEvent } from '../core/api'
import { MAX_BODY_CHARS } from '../core/stories/story-input'
import type { ChangeFeed } from '../core/library/change-feed'
import type { Dispatch } from '../core/dispatch'
import { CONTENT_SECURITY_POLICY } from '../core/content-security'
import { CultureError, HTTP_STATUS } from '../core/errors'
import { unexpected } from '../core/failure'
import { silentLogger, type Logger } from '../core/logger'
import { STATIC_CONTENT_TYPES as CONTENT_TYPES } from '../core/static-content-types'
import { runInSlices } from '../core/exchange/slices'
import { jsonText, parseJsonBody } from './sliced-json'
import { writeFolderZip } from './folder-zip'

/**
 * The largest call but a file upload: a story at its limit with every character JSON-escaped (6 bytes
 * each, 2.4 MB), or a pack export of 100,000 story ids (3.9 MB). Larger bodies are refused with 413.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024
/** A pack or CSV file comes base64 in JSON: the schema's limit for it, plus room for the JSON around it. */
const UPLOAD_BYTES = new Map(
  (['exchange.previewPack', 'exchange.csvPreview', 'exchange.markdownUpload', 'photos.add'] as const).map((m) => [
    m as string,
    (api[m].input.shape.base64.maxLength ?? 0) + 1024,
  ]),
)
/** Past this a body is not read to its end: nothing legitimate comes near it, so the socket is cut. */
const MAX_DRAINED_BYTES = 1024 * 1024 * 1024
export const TOKEN_HEADER = 'x-culture-token'

export interface WebServerOptions {
  dispatch: Dispatch
  changes: ChangeFeed
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
  token?: string
  /** The file a finished job wrote (core.jobFile: checked to exist), for downloads and the book preview; null when there is none. */
  jobFile?: (jobId: string) => string | null
  /** Where a failure of the server itself is written (the shell's log file). */
  log?: Logger
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

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, JSON_HEADERS)
  res.end(text)
}

/** An answer is written in pieces of about this many characters. */
const WRITE_PIECE = 1024 * 1024

/**
 * A call's answer, turned into JSON a slice at a time: a pack preview's (~30 MB) took ~70 ms of
 * JSON.stringify and encoding in one go. A small answer still goes out in one piece.
 */
async function sendInSlices(res: ServerResponse, status: number, body: unknown): Promise<void> {
  let parts: string[] = []
  let size = 0
  const flush = () => {
    if (!res.headersSent) res.writeHead(status, JSON_HEADERS)
    res.write(parts.join(''))
    parts = []
    size = 0
  }
  await runInSlices(
    jsonText(body, (text) => {
      parts.push(text)
      size += text.length
      if (size >= WRITE_PIECE) flush()
    }),
  )
  if (!res.headersSent) res.writeHead(status, JSON_HEADERS)
  res.end(parts.join(''))
}

/** A refusal by the server itself, before any call: its own status (401, 405, 413 …), the body like any failure's. */
function refuse(res: ServerResponse, status: number, error: CultureError) {
  const body: ApiResponse<never> = { ok: false, error: error.toInfo() }
  send(res, status, body)
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024))

class BodyTooLarge extends Error {
  constructor(readonly bytes: number) {
    super('The request body is over the limit.')
  }
}

/**
 * Reads a body up to the limit, as the chunks it came in (joined later, a slice at a time). A larger
 * one is read to its end and thrown away, so the client, still sending, gets our 413 instead of a
 * reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else chunks.length = 0
      if (size > MAX_DRAINED_BYTES) req.destroy()
    })
    req.on('end', () => (size > limit ? reject(new BodyTooLarge(size)) : resolve({ chunks, size })))
    req.on('error', reject)
  })
}

function tooLarge(method: string, bytes: number): CultureError {
  const upload = UPLOAD_BYTES.get(method)
  // base64 carries 3 bytes of the file in 4 characters.
  return upload
    ? new CultureError('web.uploadTooLarge', { size: megabytes((bytes / 4) * 3), limit: megabytes(((upload - 1024) / 4) * 3) })
    : new CultureError('web.requestTooLarge', { size: megabytes(bytes), limit: megabytes(MAX_REQUEST_BYTES), maxChars: MAX_BODY_CHARS })
}

/** A URL path with its %-escapes decoded, or null when one of them is not valid UTF-8. */
function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return null
  }
}

/**
 * RFC 6266: a plain ASCII name for old clients, and the real one, UTF-8 and %-encoded, for the rest.
 * A raw "李雷" cannot go into an HTTP header at all.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/**
 * Browser mode: the built renderer plus the same contract as IPC, on 127.0.0.1 only.
 * Three locks on the API: the Host header (defeats DNS rebinding), the Origin header (defeats other
 * sites posting from the user's browser) and a per-run token that only the printed URL carries.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const log = options.log ?? silentLogger
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
        return refuse(res, 403, new CultureError('web.wrongHost'))
      }
      const origin = req.headers.origin
      if (origin !== undefined && !allowedOrigins().includes(origin)) {
        return refuse(res, 403, new CultureError('web.otherOrigin'))
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
      const pathname = decodePath(url.pathname)
      if (pathname === null) return refuse(res, 400, new CultureError('web.badEscape'))

      if (pathname === '/api/events' && req.method === 'GET') {
        // EventSource cannot send headers, so this one stream takes the token as a query parameter.
        if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) {
          return refuse(res, 401, new CultureError('web.tokenMissing'))
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

      const fileMatch = /^\/api\/files\/([0-9a-f-]{36})$/.exec(pathname)
      if (fileMatch && req.method === 'GET') {
        // Opened by the browser itself (a link or an iframe), so the token comes as a parameter.
        if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) {
          return refuse(res, 401, new CultureError('web.tokenMissing'))
        }
        const path = options.jobFile?.(fileMatch[1])
        if (!path) return refuse(res, 404, new CultureError('web.fileUnavailable'))
        const name = basename(path)
        if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
          // A Markdown export is a folder: a browser downloads it as one zip of the same name.
          res.writeHead(200, {
            'content-type': 'application/zip',
            'content-disposition': contentDisposition('attachment', `${name}.zip`),
            'x-content-type-options': 'nosniff',
            'cache-control': 'no-store',
          })
          await writeFolderZip(path, name, res).catch(() => res.destroy())
          return
        }
        res.writeHead(200, {
          'content-type': name.endsWith('.pdf')
            ? 'application/pdf'
            : name.endsWith('.html')
              ? 'text/html; charset=utf-8'
              : name.endsWith('.csv')
                ? 'text/csv; charset=utf-8'
                : 'application/octet-stream',
          'content-disposition': contentDisposition(url.searchParams.get('inline') ? 'inline' : 'attachment', name),
          'x-content-type-options': 'nosniff',
          // An exported HTML book must not run anything, even if opened from here.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:",
          'cache-control': 'no-store',
        })
        // Removed in the instant since it was checked: the reply is cut short rather than the server brought down.
        createReadStream(path)
          .on('error', () => res.destroy())
          .pipe(res)
        return
      }

      if (pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, new CultureError('web.usePost'))
        if (!sameSecret(req.headers[TOKEN_HEADER] as string | undefined, token)) {
          return refuse(res, 401, new CultureError('web.tokenMissingApi'))
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return refuse(res, 415, new CultureError('web.notJson'))
        }
        const method = pathname.slice('/api/'.length)
        let body: { chunks: Buffer[]; size: number }
        try {
          body = await readBody(req, UPLOAD_BYTES.get(method) ?? MAX_REQUEST_BYTES)
        } catch (err) {
          if (err instanceof BodyTooLarge) return refuse(res, 413, tooLarge(method, err.bytes))
          throw err
        }
        let input: unknown
        try {
          // An upload's base64 is read from the body's bytes, not parsed with the rest (sliced-json.ts).
          input = body.size > 0 ? await runInSlices(parseJsonBody(body.chunks, body.size)) : {}
        } catch {
          return refuse(res, 400, new CultureError('web.badJson'))
        }
        const result = await options.dispatch(method, input)
        return await sendInSlices(res, result.ok ? 200 : HTTP_STATUS[result.error.kind], result)
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, new CultureError('web.methodNotAllowed'))
      serveStatic(options.rendererDir, pathname, res)
    } catch (err) {
      // Logged in full once; the page gets the short message and the reference that finds it in the log.
      const error = unexpected(err, log)
      if (!res.headersSent) refuse(res, HTTP_STATUS[error.kind], error)
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

/** `pathname` is already decoded. */
function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const relative = normalize(pathname).replace(/^([/\\])+/, '')
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
