import { protocol } from 'electron'
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../core/content-security'
import { STATIC_CONTENT_TYPES } from '../core/static-content-types'

/**
 * The renderer is served from `app://culture/`, not `file://`: a page from file:// may read any
 * file and shares its origin with every other local file; this scheme answers only the built
 * renderer folder, with the app's Content-Security-Policy on every answer.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'culture'
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Must run before the app is ready: a standard, secure scheme gets an origin, 'self' and module scripts. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ])
}

/** Answers the app scheme from `rendererDir`, after the app is ready. */
export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request.url))
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * The file behind an `app://culture/…` URL, or 404: another host, a `..` or an encoded one, a
 * link that leads out of the folder, a folder or a missing file all get nothing.
 */
export async function serveRendererFile(rendererDir: string, url: string): Promise<Response> {
  let pathname: string
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return notFound()
    // Checked on the raw text too: an encoded `..` or backslash survives URL parsing.
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return notFound()
  }
  if (pathname.includes('\0') || pathname.split(/[/\\]/).includes('..')) return notFound()
  const root = resolve(rendererDir)
  const wanted = resolve(root, `.${sep}${pathname === '/' ? 'index.html' : pathname}`)
  if (!wanted.startsWith(root + sep)) return notFound()
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(wanted)])
    if (!real.startsWith(realRoot + sep) || !(await stat(real)).isFile()) return notFound()
    return new Response(new Uint8Array(await readFile(real)), {
      status: 200,
      headers: {
        'content-type': STATIC_CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    })
  } catch {
    return notFound()
  }
}
