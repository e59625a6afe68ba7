import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { FastifyRequest } from 'fastify'
import { CultureError } from '../core/errors'
import { buildContractApp, queryParam, type AccessGuard, type ContractAppOptions } from './contract-app'
import { Refusal } from './web-replies'

export { MAX_REQUEST_BYTES } from './contract-body'
export { contentDisposition } from './job-files'

export const TOKEN_HEADER = 'x-culture-token'

export interface WebServerOptions extends Omit<ContractAppOptions, 'requestLog' | 'fastify'> {
  port?: number
  token?: string
}

export interface RunningWebServer {
  url: string
  /** The URL to open: carries the per-run token, which the page keeps for the tab's lifetime. */
  openUrl: string
  token: string
  close(): Promise<void>
}

export function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Browser mode's locks: the Host header (defeats DNS rebinding), the Origin header (defeats other
 * sites posting from the user's browser) and a per-run token that only the printed URL carries.
 */
function tokenGuard(token: string, port: () => number): AccessGuard {
  const allowedHosts = () => [`127.0.0.1:${port()}`, `localhost:${port()}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)
  // EventSource cannot send headers, so the stream and downloads take the token as a query parameter.
  const queryToken = async (request: FastifyRequest) => {
    if (!sameSecret(queryParam(request, 'token'), token)) throw new Refusal(401, new CultureError('web.tokenMissing'))
  }
  return {
    checkSource: (request) => {
      if (!allowedHosts().includes(request.headers.host ?? '')) return new Refusal(403, new CultureError('web.wrongHost'))
      const origin = request.headers.origin
      if (origin !== undefined && !allowedOrigins().includes(origin)) return new Refusal(403, new CultureError('web.otherOrigin'))
      return null
    },
    apiCall: async (request) => {
      if (!sameSecret(request.headers[TOKEN_HEADER] as string | undefined, token)) {
        throw new Refusal(401, new CultureError('web.tokenMissingApi'))
      }
      return undefined
    },
    browserOpened: queryToken,
  }
}

/** Browser mode: the whole app for one person, on 127.0.0.1 only, behind the per-run token. */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  let port = 0
  const { app, close } = await buildContractApp(
    options,
    tokenGuard(token, () => port),
  )
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
  port = (app.server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  return { url, openUrl: `${url}?token=${token}`, token, close }
}
