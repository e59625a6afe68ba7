import type { ServerResponse } from 'node:http'
import fastifyHelmet from '@fastify/helmet'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { Caller } from '../core/accounts/roles'
import type { ChangeEvent } from '../core/api'
import type { ChangeFeed } from '../core/library/change-feed'
import type { Dispatch, Gate } from '../core/dispatch'
import { CultureError, HTTP_STATUS } from '../core/errors'
import { unexpected } from '../core/failure'
import { silentLogger, type Logger } from '../core/logger'
import { parseContractBody } from './contract-body'
import { sendJobFile } from './job-files'
import { serveRenderer, type RendererFallback } from './renderer-static'
import { Refusal, refuse, sendInSlices } from './web-replies'

declare module 'fastify' {
  interface FastifyRequest {
    /** The URL's path with its %-escapes decoded (checked by the first hook: a broken escape is refused). */
    pathname: string
    /** The signed-in account (team server), for the request log; null in browser mode and before sign-in. */
    userId: string | null
  }
}

/**
 * Who may reach what: browser mode's per-run token (web-server.ts) or the team server's session
 * (electron/server/session-guard.ts). The rest of the HTTP layer is the same for both.
 */
export interface AccessGuard {
  /** Host and Origin of every request, before anything else: a refusal, or null. */
  checkSource(request: FastifyRequest): Refusal | null
  /** A contract call (POST /api/<method>): throws a Refusal, or returns the check dispatch runs on the validated input. */
  apiCall(request: FastifyRequest): Promise<Gate | undefined>
  /** What the browser opens by itself (the change stream, a job's file), so without custom headers: throws a Refusal. */
  browserOpened(request: FastifyRequest, jobId?: string): Promise<void>
  /** Routes of its own (sign-in), registered before the contract's. */
  register?(app: FastifyInstance): Promise<void>
  /** Who hears which change (the team server); without it, every stream hears every change (browser mode). */
  streams?: ChangeStreams
}

/** Someone listening to the change stream on the team server. */
export interface StreamListener {
  /** Who they are, as last checked: what they may hear follows their roles. */
  readonly caller: Caller
  /** Whether their session still holds (not signed out or expired, account enabled); false ends the stream. */
  recheck(): boolean
}

/** The change stream per person: opened by a signed-in session only, each hearing only what they may see. */
export interface ChangeStreams {
  /** The listener of a stream being opened (GET /api/events): throws a Refusal without a session. */
  open(request: FastifyRequest): StreamListener
  /** Once per change (one lookup, whatever the number of listeners): what each listener hears of it, or null for nothing. */
  narrow(change: ChangeEvent): (listener: StreamListener) => ChangeEvent | null
}

export interface ContractAppOptions {
  dispatch: Dispatch
  changes: ChangeFeed
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** The file a finished job wrote (core.jobFile: checked to exist), for downloads and the book preview; null when there is none. */
  jobFile?: (jobId: string) => string | null
  /** Where a failure of the server itself is written (the shell's log file). */
  log?: Logger
  /** One line per request (who, what, status, time); none when absent. */
  requestLog?: Logger
  /** Written into index.html for the page to read (the team server's 'team'); none in browser mode. */
  serverMode?: string
  /** Fastify's own options that differ between the two servers (trustProxy). */
  fastify?: Pick<FastifyServerOptions, 'trustProxy'>
  /** How long close() waits for calls in flight before it cuts their connections (CLOSE_GRACE_MS). */
  closeGraceMs?: number
}

/**
 * A call in flight gets this long to finish when the server closes; then its connection is cut, so a
 * client that never sends the rest of a request (or never reads an answer) cannot keep the process alive.
 */
export const CLOSE_GRACE_MS = 5000

export interface ContractApp {
  app: FastifyInstance
  /** Ends the change streams whose session no longer holds (after a sign-out or an account change, and on a timer). */
  recheckStreams(): void
  /**
   * The change streams end first; Fastify then stops listening, lets in-flight calls finish and closes
   * idle connections; after the grace period any connection still open is cut.
   */
  close(): Promise<void>
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
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  return new URL(request.raw.url ?? '/', 'http://localhost').searchParams.get(name) ?? undefined
}

/** Methods a route may name besides GET/HEAD and POST; anything else reaches the not-found handler. */
const OTHER_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const

/**
 * The one HTTP layer of browser mode and the team server: the built renderer plus the same contract
 * as IPC, on Fastify, behind the guard given. Not listening yet: the caller chooses the address.
 */
export async function buildContractApp(options: ContractAppOptions, guard: AccessGuard): Promise<ContractApp> {
  const log = options.log ?? silentLogger
  /** Each open change stream, with its listener on the team server (null in browser mode: hears everything). */
  const sseClients = new Map<ServerResponse, StreamListener | null>()

  /** Host, Origin and a well-formed path: checked for every request, before anything else. */
  const checkRequest = (request: FastifyRequest): Refusal | null => {
    const refusal = guard.checkSource(request)
    if (refusal) return refusal
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
    ...options.fastify,
    // node:http's own default, which browser mode had before: a request must arrive within 5 minutes.
    requestTimeout: 300_000,
    // A path Fastify's router cannot decode: the same locks first, then the same 400 as a broken escape anywhere.
    frameworkErrors: (err, request, reply) => {
      const refusal = checkRequest(request) ?? (err.code === 'FST_ERR_BAD_URL' ? new Refusal(400, new CultureError('web.badEscape')) : null)
      return refusal ? refuse(reply, refusal.status, refusal.error) : failed(err, reply)
    },
  })
  app.decorateRequest('pathname', '')
  app.decorateRequest('userId', null)
  // Once closing, a connection ends with the answer it was giving, instead of idling until the client lets go.
  let closing = false
  app.addHook('onResponse', async (request, reply) => {
    if (closing) request.raw.socket?.end()
    // The path only: a query may hold a token, and bodies (passwords) are never logged.
    options.requestLog?.info(
      {
        userId: request.userId,
        method: request.method,
        path: request.pathname,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    )
  })

  // The standard headers (nosniff, no-referrer, frame and cross-origin policies); the CSP is the app's
  // own (set by each route), and HSTS means nothing over plain HTTP on 127.0.0.1.
  await app.register(fastifyHelmet, { contentSecurityPolicy: false, strictTransportSecurity: false })
  app.addHook('onRequest', async (request) => {
    const refusal = checkRequest(request)
    if (refusal) throw refusal
  })

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof Refusal) return refuse(reply, err.status, err.error)
    const status = (err as { statusCode?: number }).statusCode
    // A content type Fastify cannot even parse.
    if (status === 415) return refuse(reply, 415, new CultureError('web.notJson'))
    // @fastify/rate-limit's answer: let through as it is (its status and retry headers).
    if (status === 429) return reply.code(429).send(err)
    // @fastify/static's refusal of a path that would leave the renderer: nothing there, as far as anyone can tell.
    if (status === 403 && (request.method === 'GET' || request.method === 'HEAD'))
      return reply.code(404).type('text/plain').send('Not found')
    return failed(err, reply)
  })

  // Set once the renderer's files are registered (below), before the app listens.
  let rendererFallback: RendererFallback = (reply) => reply.code(404).send()
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return rendererFallback(reply, request.pathname)
    const api = request.pathname.startsWith('/api/')
    return refuse(reply, 405, new CultureError(api ? 'web.usePost' : 'web.methodNotAllowed'))
  })

  // Every body is JSON within the contract's limits (a sign-in's too); a POST /api/<method> is let through by the guard, answered by dispatch.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (request: FastifyRequest) => parseContractBody(request.pathname.slice('/api/'.length), request.raw))
  await guard.register?.(app)
  const gates = new WeakMap<FastifyRequest, Gate | undefined>()
  app.post('/api/*', {
    onRequest: async (request) => {
      gates.set(request, await guard.apiCall(request))
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new Refusal(415, new CultureError('web.notJson'))
      }
    },
    handler: async (request, reply) => {
      const result = await options.dispatch(request.pathname.slice('/api/'.length), request.body ?? {}, gates.get(request))
      return sendInSlices(reply, result.ok ? 200 : HTTP_STATUS[result.error.kind], result)
    },
  })

  const unsubscribe = options.changes.subscribe((change: ChangeEvent) => {
    // Narrowed even with nobody listening: the team server remembers what each change did (change-streams.ts).
    const hear = guard.streams?.narrow(change)
    if (!sseClients.size) return
    // Most listeners hear the same (the change itself, or one narrowing of it): each is written out once.
    const lines = new Map<ChangeEvent, string>()
    for (const [client, listener] of sseClients) {
      const heard = hear && listener ? hear(listener) : change
      if (!heard) continue
      let line = lines.get(heard)
      if (line === undefined) lines.set(heard, (line = `data: ${JSON.stringify(heard)}\n\n`))
      client.write(line)
    }
  })
  const listeners = new WeakMap<FastifyRequest, StreamListener | null>()
  const openStream = async (request: FastifyRequest) => {
    if (guard.streams) listeners.set(request, guard.streams.open(request))
    else await guard.browserOpened(request)
  }
  app.get('/api/events', { exposeHeadRoute: false, onRequest: openStream }, (request, reply) => {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    sseClients.set(res, listeners.get(request) ?? null)
    request.raw.on('close', () => sseClients.delete(res))
  })
  const endStream = (client: ServerResponse) => {
    sseClients.delete(client)
    const socket = client.socket
    client.end(() => socket?.end())
  }

  // A download or the book preview, opened by the browser itself (a link or an iframe).
  app.get('/api/files/:jobId', { exposeHeadRoute: false }, async (request, reply) => {
    const jobId = /^\/api\/files\/([0-9a-f-]{36})$/.exec(request.pathname)?.[1]
    if (!jobId) return refuse(reply, 405, new CultureError('web.usePost'))
    await guard.browserOpened(request, jobId)
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

  rendererFallback = await serveRenderer(app, options.rendererDir, { serverMode: options.serverMode })

  return {
    app,
    recheckStreams: () => {
      for (const [client, listener] of sseClients) if (listener && !listener.recheck()) endStream(client)
    },
    close: async () => {
      closing = true
      unsubscribe()
      for (const client of [...sseClients.keys()]) endStream(client)
      const cut = setTimeout(() => app.server.closeAllConnections(), options.closeGraceMs ?? CLOSE_GRACE_MS)
      try {
        await app.close()
      } finally {
        clearTimeout(cut)
      }
    },
  }
}
