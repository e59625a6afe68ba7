import type { AddressInfo } from 'node:net'
import { openAccounts, type Accounts } from '../core/accounts/accounts'
import type { CultureCore } from '../core/culture-core'
import { silentLogger } from '../core/logger'
import { createDispatch } from '../core/dispatch'
import { buildContractApp, type ContractAppOptions } from '../web/contract-app'
import { JSON_HEADERS } from '../web/web-replies'
import { registerAuthRoutes } from './auth-routes'
import { sessionStreams } from './change-streams'
import type { OidcProvider } from './oidc-provider'
import { registerOidcRoutes } from './oidc-routes'
import { SessionGuard } from './session-guard'

export interface TeamServerOptions extends Pick<ContractAppOptions, 'rendererDir' | 'log' | 'requestLog'> {
  core: CultureCore
  /** The address to listen on: 127.0.0.1 behind a proxy on the same machine, 0.0.0.0 for every interface. */
  host: string
  port: number
  /** The address people open (https://books.example.com); Host and Origin must match it. Default: http://<host>:<port>. */
  publicUrl?: string
  /** Behind a reverse proxy: the client's address and host come from X-Forwarded-For and X-Forwarded-Host. */
  trustProxy?: boolean
  /** The session cookie without Secure, for trying the server over plain HTTP. */
  insecureHttp?: boolean
  /** Sign-in attempts per address a minute (default 10). */
  attemptsPerMinute?: number
  /** How often open change streams check that their session still holds (expiry); default STREAM_CHECK_MS. */
  streamCheckMs?: number
  /** How often the server looks whether today's backup is due; default BACKUP_CHECK_MS. */
  backupCheckMs?: number
  /** Single sign-on through this OpenID Connect provider (discovered at start-up: oidc-provider.ts), besides passwords. */
  oidc?: OidcProvider
}

/** A change stream whose session expired ends within this long (sign-out and disabling end it at once). */
export const STREAM_CHECK_MS = 60_000

/**
 * A server runs for weeks, so the daily backup the desktop app takes at start is looked for this
 * often: once a day at most, on the usual rotation (library/backups.ts), off every request's path.
 */
export const BACKUP_CHECK_MS = 3600_000

export interface RunningTeamServer {
  url: string
  publicUrl: string
  accounts: Accounts
  /** Stops accepting, lets calls in flight (writes) finish, ends the change streams; the caller closes the library. */
  close(): Promise<void>
}

/**
 * `npm run serve`: one library for a whole team, the same renderer and contract as browser mode,
 * behind sign-in, CSRF checks and the permission table (electron/core/permissions.ts).
 */
export async function startTeamServer(options: TeamServerOptions): Promise<RunningTeamServer> {
  const { core } = options
  // A whole team's lists and counts read the stories table over and over: SQLite's default 2 MiB page
  // cache reread it from the OS each time (a contributor's list count on 10,000 stories: 5 ms, 1.5 ms
  // cached). 64 MiB is a bound that only pages read fill; the desktop app keeps the default.
  core.db.pragma('cache_size = -65536')
  const accounts = openAccounts(core.db)
  let publicUrl = options.publicUrl ? new URL(options.publicUrl) : null
  const guard = new SessionGuard(accounts, core, () => publicUrl!)
  const access = guard.access()
  // Set once the app is built: the routes registered below end the streams of a session that ended.
  let recheckStreams = () => {}
  const { app, close, ...built } = await buildContractApp(
    {
      dispatch: createDispatch(core),
      changes: core.changes,
      rendererDir: options.rendererDir,
      // The page signs in with a session instead of browser mode's token (src/api/team-session.ts).
      serverMode: 'team',
      jobFile: (jobId) => core.jobFile(jobId),
      log: options.log,
      requestLog: options.requestLog,
      fastify: { trustProxy: options.trustProxy ?? false },
    },
    {
      ...access,
      streams: sessionStreams(guard, accounts, core),
      register: async (instance) => {
        await registerAuthRoutes(instance, {
          accounts,
          guard,
          insecureHttp: options.insecureHttp ?? false,
          attemptsPerMinute: options.attemptsPerMinute ?? 10,
        })
        await registerOidcRoutes(instance, {
          accounts,
          provider: options.oidc ?? null,
          publicUrl: () => publicUrl!,
          insecureHttp: options.insecureHttp ?? false,
          attemptsPerMinute: options.attemptsPerMinute ?? 10,
          log: options.log ?? silentLogger,
        })
        // Signing out, or an admin's change to an account (disabled, roles, password reset), ends or narrows its streams now.
        instance.addHook('onResponse', async (request) => {
          if (request.method === 'POST' && (request.pathname === '/auth/logout' || request.pathname.startsWith('/api/users.'))) {
            recheckStreams()
          }
        })
        // For a load balancer or a monitor: no sign-in, nothing private.
        instance.get('/health', async (_request, reply) =>
          reply.headers(JSON_HEADERS).send(JSON.stringify({ ok: true, schemaVersion: core.schemaVersion })),
        )
      },
    },
  )
  recheckStreams = built.recheckStreams
  await app.listen({ port: options.port, host: options.host })
  const port = (app.server.address() as AddressInfo).port
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`
  publicUrl ??= new URL(url)
  // Sessions that ran out unused are removed now and then, off every request's path.
  const sweeper = setInterval(() => accounts.sessions.sweep(), 3600_000)
  sweeper.unref()
  const streamCheck = setInterval(recheckStreams, options.streamCheckMs ?? STREAM_CHECK_MS)
  streamCheck.unref()
  // One check at a time; close() waits for a backup being written (LibraryService logs each one).
  let backingUp: Promise<unknown> | null = null
  const dailyBackup = setInterval(() => {
    backingUp ??= core.library
      .backupIfDue()
      .catch((err) => options.log?.error({ err }, 'The daily backup failed'))
      .finally(() => (backingUp = null))
  }, options.backupCheckMs ?? BACKUP_CHECK_MS)
  dailyBackup.unref()
  return {
    url,
    publicUrl: publicUrl.origin,
    accounts,
    close: async () => {
      clearInterval(sweeper)
      clearInterval(streamCheck)
      clearInterval(dailyBackup)
      // No new calls first; then a daily backup being written is let finish before the caller closes the library.
      await close()
      await backingUp
    },
  }
}
