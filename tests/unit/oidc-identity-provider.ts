import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

/** Who the provider says signed in, the next time the browser comes to /authorize. */
export interface ProviderPerson {
  sub: string
  email: string
  /** Left out, as Microsoft Entra ID does. */
  email_verified?: boolean
  /** Entra ID's optional claim: the email's domain is one the tenant has proven it owns. */
  xms_edov?: boolean
  name?: string
}

interface IssuedCode {
  clientId: string
  redirectUri: string
  challenge: string
  nonce: string
  person: ProviderPerson
  used: boolean
}

async function body(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString())
}

/**
 * A small but real OpenID Connect provider on 127.0.0.1:0, for the team server's single sign-on
 * tests: discovery, its keys, /authorize (signs in `person` at once and sends the browser back with a
 * code) and /token (checks the client's secret, the code, once only, and PKCE, then answers an
 * RS256-signed ID token with the nonce and the email). `issuerHost`: the name in its issuer URL, e.g.
 * `localhost` to be another site than a team server on 127.0.0.1, as a real provider is.
 */
export async function startIdentityProvider(client: { id: string; secret: string }, { issuerHost = '127.0.0.1' } = {}) {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }
  const codes = new Map<string, IssuedCode>()
  /** Why /token said no, in order: what the tests check the provider itself refused. */
  const refusals: string[] = []
  const provider = {
    issuer: '',
    person: { sub: 'ann-at-idp', email: 'ann@example.com', email_verified: true } as ProviderPerson,
    /** A page with a "Continue" link back instead of a redirect, as a provider's own sign-in page (for a real browser). */
    confirmPage: false,
    /** The /authorize requests' parameters, for checking what the team server asked. */
    authorizeRequests: [] as URLSearchParams[],
    refusals,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }

  async function token(request: IncomingMessage): Promise<{ status: number; json: unknown }> {
    const form = await body(request)
    const basic = request.headers.authorization?.startsWith('Basic ')
      ? Buffer.from(request.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent)
      : null
    const [clientId, secret] = basic ?? [form.get('client_id'), form.get('client_secret')]
    const refuse = (why: string, error = 'invalid_grant') => {
      refusals.push(why)
      return { status: 400, json: { error, error_description: why } }
    }
    if (clientId !== client.id || secret !== client.secret) return refuse('wrong client secret', 'invalid_client')
    const issued = codes.get(form.get('code') ?? '')
    if (!issued) return refuse('unknown code')
    if (issued.used) return refuse('code used twice')
    issued.used = true
    if (issued.redirectUri !== form.get('redirect_uri')) return refuse('other redirect_uri')
    const verifier = form.get('code_verifier') ?? ''
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return refuse('PKCE verifier does not match')
    const { sub, ...claims } = issued.person
    const idToken = await new SignJWT({ nonce: issued.nonce, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(provider.issuer)
      .setAudience(client.id)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey)
    return {
      status: 200,
      json: { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken },
    }
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', provider.issuer)
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(json))
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      })
    }
    if (url.pathname === '/jwks') return send(200, { keys: [jwk] })
    if (url.pathname === '/authorize') {
      const q = url.searchParams
      provider.authorizeRequests.push(q)
      if (q.get('client_id') !== client.id || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256') {
        return send(400, { error: 'invalid_request' })
      }
      const code = randomBytes(16).toString('base64url')
      codes.set(code, {
        clientId: client.id,
        redirectUri: q.get('redirect_uri')!,
        challenge: q.get('code_challenge')!,
        nonce: q.get('nonce')!,
        person: { ...provider.person },
        used: false,
      })
      const back = new URL(q.get('redirect_uri')!)
      back.searchParams.set('code', code)
      back.searchParams.set('state', q.get('state') ?? '')
      if (provider.confirmPage) {
        const href = back.href.replace(/&/g, '&amp;')
        return response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><a id="continue" href="${href}">Continue</a>`)
      }
      return response.writeHead(302, { location: back.href }).end()
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      void token(request).then(({ status, json }) => send(status, json))
      return
    }
    send(404, { error: 'not_found' })
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  provider.issuer = `http://${issuerHost}:${(server.address() as AddressInfo).port}`
  return provider
}

export type IdentityProvider = Awaited<ReturnType<typeof startIdentityProvider>>
