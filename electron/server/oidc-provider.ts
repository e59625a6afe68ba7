import * as client from 'openid-client'

/** The environment variable the client secret comes from: never the command line, where `ps` shows it. */
export const OIDC_SECRET_ENV = 'OIDC_CLIENT_SECRET'

/** What `npm run serve -- --oidc-issuer … --oidc-client-id …` configures. */
export interface OidcSettings {
  /** The identity provider's issuer URL, e.g. https://login.example.com/realms/staff */
  issuer: string
  clientId: string
  /** A confidential client's secret; without one the client is public (PKCE alone). */
  clientSecret?: string
  /** What the sign-in button names: "Sign in with <label>". Default: the issuer's host. */
  label?: string
}

/** The identity provider as discovered at start-up: its endpoints and keys, and the button's label. */
export interface OidcProvider {
  config: client.Configuration
  label: string
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * The command line's OIDC options, whole or absent: an issuer without a client id (or the other way
 * round, or a label alone) is a mistake said at start-up, not a button that fails later. Null without OIDC.
 */
export function oidcSettings(
  args: { 'oidc-issuer'?: string; 'oidc-client-id'?: string; 'oidc-label'?: string },
  env: NodeJS.ProcessEnv,
): OidcSettings | null {
  const issuer = args['oidc-issuer']
  const clientId = args['oidc-client-id']
  if (issuer === undefined && clientId === undefined) {
    if (args['oidc-label'] !== undefined) throw new Error('--oidc-label needs --oidc-issuer <url> and --oidc-client-id <id>')
    return null
  }
  if (issuer === undefined) throw new Error('--oidc-client-id needs --oidc-issuer <url> (the identity provider’s issuer URL)')
  if (clientId === undefined) throw new Error('--oidc-issuer needs --oidc-client-id <id> (the client registered for this server)')
  if (!URL.canParse(issuer) || !/^https?:$/.test(new URL(issuer).protocol)) {
    throw new Error(`--oidc-issuer must be an http(s) URL, e.g. https://login.example.com; got ${issuer}`)
  }
  const secret = env[OIDC_SECRET_ENV]
  return { issuer, clientId, clientSecret: secret || undefined, label: args['oidc-label'] }
}

/**
 * A confidential client authenticates at the token endpoint the way the provider says it takes
 * (client_secret_basic, the standard's default, when it says nothing); a public one sends no secret.
 */
function clientAuth(secret: string | undefined): client.ClientAuth {
  if (!secret) return client.None()
  return (as, metadata, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported ?? ['client_secret_basic']
    const auth = methods.includes('client_secret_basic') ? client.ClientSecretBasic(secret) : client.ClientSecretPost(secret)
    return auth(as, metadata, body, headers)
  }
}

/**
 * Discovers the provider (its /.well-known/openid-configuration) at start-up. Plain HTTP is allowed
 * for an issuer on this machine only (a test or a local provider); anywhere else it must be HTTPS.
 * ID tokens' signatures are checked against the provider's keys even though TLS already vouches for them.
 * PKCE (S256) and a nonce go with every sign-in, whether or not the provider's metadata mentions PKCE.
 */
export async function discoverOidc(settings: OidcSettings): Promise<OidcProvider> {
  const issuer = new URL(settings.issuer)
  const execute = [client.enableNonRepudiationChecks]
  if (issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname)) execute.push(client.allowInsecureRequests)
  let config: client.Configuration
  try {
    config = await client.discovery(issuer, settings.clientId, undefined, clientAuth(settings.clientSecret), { execute, timeout: 15 })
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err)
    throw new Error(
      `Could not discover the OpenID Connect provider at ${issuer.href} (${cause}). Check --oidc-issuer and that this server can reach it.`,
      { cause: err },
    )
  }
  return { config, label: settings.label?.trim() || issuer.host }
}
