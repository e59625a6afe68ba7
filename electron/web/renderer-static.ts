import { extname } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { CONTENT_SECURITY_POLICY } from '../core/content-security'
import { STATIC_CONTENT_TYPES as CONTENT_TYPES } from '../core/static-content-types'

/**
 * The built renderer on GET /*, through @fastify/static (which refuses any path that would leave
 * `rendererDir`), each file with the app's Content-Security-Policy, our content types and no-cache.
 */
export async function serveRenderer(app: FastifyInstance, rendererDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: rendererDir,
    index: 'index.html',
    // A folder's path answers as the app (below), never a redirect or a listing.
    redirect: false,
    list: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('content-type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream')
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
      reply.header('cache-control', 'no-cache')
    },
  })
}

/**
 * A GET for no file of the renderer: a path without an extension gets the app itself (its router
 * shows "not found" where that applies), a missing file a plain 404.
 */
export function rendererFallback(reply: FastifyReply, pathname: string): FastifyReply {
  if (extname(pathname)) return reply.code(404).type('text/plain').send('Not found')
  return reply.sendFile('index.html')
}
