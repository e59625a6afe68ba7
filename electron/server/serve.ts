/**
 * `npm run serve`: one library for a whole team over HTTP(S), behind sign-in and roles. Options:
 * SERVE_OPTIONS in core/shell-args.ts, or `npm run serve -- --help`. Logs are JSON lines on stdout
 * (pino): one a request, never a password or a token.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { text } from 'node:stream/consumers'
import pino from 'pino'
import { openAccounts } from '../core/accounts/accounts'
import { removeOwnedTempDirs } from '../core/owned-temp'
import { readCommandLine, SERVE_OPTIONS } from '../core/shell-args'
import { fail, openShellCore } from '../web/shell-core'
import { createFirstAdmin } from './create-admin'
import { discoverOidc, oidcSettings, type OidcProvider } from './oidc-provider'
import { startTeamServer } from './team-server'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

async function main(): Promise<void> {
  const args = readCommandLine(process.argv.slice(2), 'npm run serve --', SERVE_OPTIONS)
  const log = pino({ base: undefined })
  process.on('uncaughtExceptionMonitor', (err) => log.error({ err }, 'Uncaught exception'))
  const outDir = dirname(fileURLToPath(import.meta.url))
  const core = await openShellCore(args, outDir, log, 'team server')
  const host = args.host ?? '127.0.0.1'
  const port = args.port ?? 8080

  const adminEmail = args['create-admin']
  if (adminEmail !== undefined) {
    // The password is read from stdin (a pipe), never from the command line, where `ps` shows it.
    const password = process.stdin.isTTY ? '' : (await text(process.stdin)).replace(/\r?\n$/, '')
    try {
      const { user, token } = await createFirstAdmin(openAccounts(core.db), adminEmail, password || null)
      console.log(`Admin ${user.email} created in ${core.libraryPath}.`)
      if (token) {
        const publicUrl = args['public-url'] ?? `http://${host}:${port}`
        console.log(`No password was given on stdin. Within 24 hours, set one with this one-time token:\n  ${token}`)
        console.log(
          `e.g. curl -X POST ${new URL('/auth/accept-invitation', publicUrl)} -H 'content-type: application/json' ` +
            `-H 'origin: ${new URL(publicUrl).origin}' -d '{"token":"${token}","password":"<a passphrase>"}'`,
        )
      }
    } catch (err) {
      core.close()
      fail((err as Error).message)
    }
    core.close()
    return
  }

  // Host and Origin are checked against the public URL, which a wildcard or LAN address cannot guess.
  if (!LOOPBACK.has(host) && !args['public-url']) {
    core.close()
    fail(`Listening on ${host} needs --public-url <the address people open>, e.g. --public-url https://books.example.com`)
  }

  // Single sign-on: the options whole and the provider reachable now, or the server does not start.
  let oidc: OidcProvider | undefined
  try {
    const settings = oidcSettings(args, process.env)
    if (settings) oidc = await discoverOidc(settings)
  } catch (err) {
    core.close()
    fail((err as Error).message)
  }

  const server = await startTeamServer({
    core,
    host,
    port,
    publicUrl: args['public-url'],
    trustProxy: args['trust-proxy'] ?? false,
    insecureHttp: args['insecure-http'] ?? false,
    rendererDir: join(outDir, '../renderer'),
    log,
    requestLog: log,
    oidc,
  })
  log.info(
    {
      library: core.libraryPath,
      listening: server.url,
      publicUrl: server.publicUrl,
      // The redirect URI to register at the provider.
      singleSignOn: oidc ? { issuer: oidc.config.serverMetadata().issuer, redirectUri: `${server.publicUrl}/auth/oidc/callback` } : null,
    },
    'Culture Book team server started',
  )
  if (server.publicUrl.startsWith('http:') && !args['insecure-http'] && !LOOPBACK.has(new URL(server.publicUrl).hostname)) {
    log.warn(
      {},
      'The public URL is plain HTTP: browsers drop the Secure session cookie. Put HTTPS in front (see the README) or pass --insecure-http to try it out.',
    )
  }

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'Stopping: no new connections; calls in flight finish')
    await server.close()
    core.close()
    removeOwnedTempDirs()
    log.info({}, 'Stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

void main()
