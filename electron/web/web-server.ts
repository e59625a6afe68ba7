import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import fastifyHelmet from '@fastify/helmet'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import type { ChangeEvent } from '../core/api'
import type { ChangeFeed } from '../core/library/change-feed'
import type { Dispatch } from '../core/dispatch'
import { CultureError, HTTP_STATUS } from '../core/errors'
import { unexpected } from '../core/failure'
import { silentLogger, type Logger } from '../core/logger'
import { parseContractBody } from './contract-body'
import { sendJobFile } from './job-files'
import { rendererFallback, serveRenderer } from './renderer-static'
import { Refusal, refuse, sendInSlices } from './web-replies'

export { MAX_REQUEST_BYTES } from './contract-body'
export { contentDisposition } from './job-files'

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

declare module 'fastify' {
  interface FastifyRequest {
    /** The URL's path with its %-escapes decoded (checked by the first hook: a broken escape is refused). */
    pathname: string
  }
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A URL path with its %-escapes decoded, or null when one of them is not valid UTF-8. */
function decodePath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://localhost').pathname)
  } catch {
    return null
  }
}

/** A query parameter as the URL standard reads it (the first of several), or undefined. */
function queryParam(request: FastifyRequest, name: string): string | undefined {
  return new URL(request.raw.url ?? '/', 'http://localhost').searchParams.get(name) ?? undefined
}

/** Methods a route may name besides GET/HEAD and POST; anything else reaches the not-found handler. */
const OTHER_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const

/**
 * Browser mode: the built renderer plus the same contract as IPC, on 127.0.0.1 only, on Fastify (the
 * team server's stack). Three locks on the API: the Host header (defeats DNS rebinding), the Origin
 * header (defeats other sites posting from the user's browser) and a per-run token that only the
 * printed URL carries.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const log = options.log ?? silentLogger
  const sseClients = new Set<ServerResponse>()
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)

  /** Host, Origin and a well-formed path: checked for every request, before anything else. */
  const guard = (request: FastifyRequest): Refusal | null => {
    if (!allowedHosts().includes(request.headers.host ?? '')) return new Refusal(403, new CultureError('web.wrongHost'))
    const origin = request.headers.origin
    if (origin !== undefined && !allowedOrigins().includes(origin)) return new Refusal(403, new CultureError('web.otherOrigin'))
    const pathname = decodePath(request.raw.url ?? '/')
    if (pathname === null) return new Refusal(400, new CultureError('web.badEscape'))
    request.pathname = pathname
    return null
  }

  /** Logged in full once; the page gets the short message and the reference that finds it in the log. */
  const failed = (err: unknown, reply: FastifyReply) => {
    const error = unexpected(err, log)
    if (reply.raw.headersSent) return reply.raw.end()
    return refuse(reply, HTTP_STATUS[error.kind], error)
  }

  const app = Fastify({
    logger: false,
    // node:http's own default, which browser mode had before: a request must arrive within 5 minutes.
    requestTimeout: 300_000,
    // A path Fastify's router cannot decode: the same locks first, then the same 400 as a broken escape anywhere.
    frameworkErrors: (err, request, reply) => {
      const refusal = guard(request) ?? (err.code === 'FST_ERR_BAD_URL' ? new Refusal(400, new CultureError('web.badEscape')) : null)
      return refusal ? refuse(reply, refusal.status, refusal.error) : failed(err, reply)
    },
  })
  app.decorateRequest('pathname', '')
  // Once closing, a connection ends with the answer it was giving, instead of idling until the client lets go.
  let closing = false
  app.addHook('onResponse', async (request) => {
    if (closing) request.raw.socket?.end()
  })

  // The standard headers (nosniff, no-referrer, frame and cross-origin policies); the CSP is the app's
  // own (set by each route), and HSTS means nothing over plain HTTP on 127.0.0.1.
  await app.register(fastifyHelmet, { contentSecurityPolicy: false, strictTransportSecurity: false })
  app.addHook('onRequest', async (request) => {
    const refusal = guard(request)
    if (refusal) throw refusal
  })

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof Refusal) return refuse(reply, err.status, err.error)
    const status = (err as { statusCode?: number }).statusCode
    // A content type Fastify cannot even parse.
    if (status === 415) return refuse(reply, 415, new CultureError('web.notJson'))
    // @fastify/static's refusal of a path that would leave the renderer: nothing there, as far as anyone can tell.
    if (status === 403 && (request.method === 'GET' || request.method === 'HEAD'))
      return reply.code(404).type('text/plain').send('Not found')
    return failed(err, reply)
  })

  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return rendererFallback(reply, request.pathname)
    const api = request.pathname.startsWith('/api/')
    return refuse(reply, 405, new CultureError(api ? 'web.usePost' : 'web.methodNotAllowed'))
  })

  // Every contract call: POST /api/<method> with the token and a JSON body, answered by dispatch.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (request: FastifyRequest) => parseContractBody(request.pathname.slice('/api/'.length), request.raw))
  app.post('/api/*', {
    onRequest: async (request) => {
      if (!sameSecret(request.headers[TOKEN_HEADER] as string | undefined, token)) {
        throw new Refusal(401, new CultureError('web.tokenMissingApi'))
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new Refusal(415, new CultureError('web.notJson'))
      }
    },
    handler: async (request, reply) => {
      const result = await options.dispatch(request.pathname.slice('/api/'.length), request.body ?? {})
      return sendInSlices(reply, result.ok ? 200 : HTTP_STATUS[result.error.kind], result)
    },
  })

  // EventSource cannot send headers, so this one stream takes the token as a query parameter.
  const queryToken = async (request: FastifyRequest) => {
    if (!sameSecret(queryParam(request, 'token'), token)) throw new Refusal(401, new CultureError('web.tokenMissing'))
  }

  const unsubscribe = options.changes.subscribe((change: ChangeEvent) => {
    for (const client of sseClients) client.write(`data: ${JSON.stringify(change)}\n\n`)
  })
  app.get('/api/events', { exposeHeadRoute: false, onRequest: queryToken }, (request, reply) => {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    sseClients.add(res)
    request.raw.on('close', () => sseClients.delete(res))
  })

  // A download or the book preview, opened by the browser itself (a link or an iframe): the token comes as a parameter.
  app.get('/api/files/:jobId', { exposeHeadRoute: false }, async (request, reply) => {
    const jobId = /^\/api\/files\/([0-9a-f-]{36})$/.exec(request.pathname)?.[1]
    if (!jobId) return refuse(reply, 405, new CultureError('web.usePost'))
    await queryToken(request)
    const path = options.jobFile?.(jobId)
    if (!path) return refuse(reply, 404, new CultureError('web.fileUnavailable'))
    return sendJobFile(reply, path, !!queryParam(request, 'inline'))
  })

  // Any other method on the API's paths, or anything but GET on the renderer's: refused before a body is read.
  const refuseMethod = (code: 'web.usePost' | 'web.methodNotAllowed') => async () => {
    throw new Refusal(405, new CultureError(code))
  }
  app.route({
    method: ['GET', 'HEAD', ...OTHER_METHODS],
    url: '/api/*',
    exposeHeadRoute: false,
    onRequest: refuseMethod('web.usePost'),
    handler: () => {},
  })
  app.route({ method: ['POST', ...OTHER_METHODS], url: '/*', onRequest: refuseMethod('web.methodNotAllowed'), handler: () => {} })

  await serveRenderer(app, options.rendererDir)

  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
  port = (app.server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    // The change streams end first; Fastify then stops listening, lets in-flight calls finish and closes idle connections.
    close: async () => {
      closing = true
      unsubscribe()
      for (const client of sseClients) {
        const socket = client.socket
        client.end(() => socket?.end())
      }
      await app.close()
    },
  }
}
