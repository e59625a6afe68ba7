import { readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { CONTENT_SECURITY_POLICY } from '../core/content-security'
import { STATIC_CONTENT_TYPES as CONTENT_TYPES } from '../core/static-content-types'

/** The app's page under the names a browser asks for it. */
const INDEX_PATHS = new Set(['/', '/index.html'])

/** The headers every file of the renderer goes out with. */
function rendererHeaders(reply: FastifyReply, path: string): void {
  reply.header('content-type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream')
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
  reply.header('cache-control', 'no-cache')
}

export interface RendererOptions {
  /** Which server the page talks to, as `<meta name="culture-server">` in index.html's head (the team server's 'team'); none in browser mode. */
  serverMode?: string
}

/** A GET for no file of the renderer (answered by `rendererFallback`). */
export type RendererFallback = (reply: FastifyReply, pathname: string) => FastifyReply | Promise<FastifyReply>

/**
 * The built renderer on GET /*, through @fastify/static (which refuses any path that would leave
 * `rendererDir`), each file with the app's Content-Security-Policy, our content types and no-cache.
 * With a server mode, index.html is left to the fallback, which writes the mode into it.
 */
export async function serveRenderer(app: FastifyInstance, rendererDir: string, options: RendererOptions = {}): Promise<RendererFallback> {
  const mode = options.serverMode
  await app.register(fastifyStatic, {
    root: rendererDir,
    index: 'index.html',
    // A folder's path answers as the app (below), never a redirect or a listing.
    redirect: false,
    list: false,
    cacheControl: false,
    setHeaders: rendererHeaders,
    ...(mode ? { allowedPath: (pathname: string) => !INDEX_PATHS.has(pathname) } : {}),
  })
  const sendIndex = async (reply: FastifyReply) => {
    if (!mode) return reply.sendFile('index.html')
    // Read each time: small, and a rebuilt renderer shows without a restart. At the head's end, after the charset.
    const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
    rendererHeaders(reply, 'index.html')
    return reply.code(200).send(html.replace('</head>', `  <meta name="culture-server" content="${mode}" />\n  </head>`))
  }
  /**
   * A path without an extension gets the app itself (its router shows "not found" where that
   * applies), a missing file a plain 404.
   */
  return (reply, pathname) => {
    if (extname(pathname) && !INDEX_PATHS.has(pathname)) return reply.code(404).type('text/plain').send('Not found')
    return sendIndex(reply)
  }
}
