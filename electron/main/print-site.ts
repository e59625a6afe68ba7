import { session, type Session } from 'electron'
import { randomUUID } from 'node:crypto'

const PARTITION = 'culture-book-print'
/** `.invalid` never resolves: even a request that escaped the handler could not reach a network. */
const DOMAIN = 'culture-book.invalid'

interface Site {
  page: () => string
  resource: (path: string) => Uint8Array | null
}

/** Prints in progress, by host. The print session's https handler serves them all. */
const sites = new Map<string, Site>()

export interface PrintSite {
  session: Session
  /** The book's page, under a host of its own. */
  url: string
  /** Stops serving this print; the handler goes only when no other print is running. */
  close(): void
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' ? parsed.host : null
  } catch {
    return null
  }
}

/** The answer for one request of the print session: a running print's page or font, else 404. */
export function answerPrintRequest(url: string): Response {
  const host = hostOf(url)
  const site = host ? sites.get(host) : undefined
  if (!site) return new Response(null, { status: 404 })
  const path = new URL(url).pathname
  if (path === '/') return new Response(site.page(), { headers: { 'content-type': 'text/html; charset=utf-8' } })
  let data: Uint8Array | null
  try {
    data = site.resource(decodeURIComponent(path.slice(1)))
  } catch {
    data = null
  }
  if (!data) return new Response(null, { status: 404 })
  return new Response(new Uint8Array(data), { headers: { 'content-type': 'font/woff2' } })
}

/**
 * Serves one print's page (read afresh on each load, so a print can swap in a new version) from
 * memory in the print session, where every other request is refused. Each print has its own host;
 * the https handler is installed with the first print and removed with the last, so two prints at
 * once neither fail to register it nor cut each other off.
 */
export function openPrintSite(page: () => string, resource: (path: string) => Uint8Array | null): PrintSite {
  const ses = session.fromPartition(PARTITION)
  if (!ses.protocol.isProtocolHandled('https')) {
    ses.webRequest.onBeforeRequest((details, callback) => {
      const host = hostOf(details.url)
      callback({ cancel: !host || !sites.has(host) })
    })
    ses.protocol.handle('https', async (request) => answerPrintRequest(request.url))
  }
  const host = `book-${randomUUID()}.${DOMAIN}`
  sites.set(host, { page, resource })
  let open = true
  return {
    session: ses,
    url: `https://${host}/`,
    close() {
      if (!open) return
      open = false
      sites.delete(host)
      if (sites.size === 0 && ses.protocol.isProtocolHandled('https')) ses.protocol.unhandle('https')
    },
  }
}
