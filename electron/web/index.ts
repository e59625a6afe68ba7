/**
 * `npm run web`: the whole app in a browser, for testing it for real and for machines without a
 * desktop. Same core, same contract, over HTTP on 127.0.0.1. Options: WEB_OPTIONS in
 * core/shell-args.ts, or `npm run web -- --help`.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDispatch } from '../core/dispatch'
import { userDataDir } from '../core/library/library-location'
import { removeOwnedTempDirs } from '../core/owned-temp'
import { readCommandLine, WEB_OPTIONS } from '../core/shell-args'
import { openLogFile } from '../core/log-file'
import { openShellCore } from './shell-core'
import { startWebServer } from './web-server'

async function main(): Promise<void> {
  const args = readCommandLine(process.argv.slice(2), 'npm run web --', WEB_OPTIONS)
  // Unexpected failures in full, each under the reference id the page shows: <user data>/logs/browser.<date>.<n>.log
  const log = await openLogFile(userDataDir(), 'browser')
  process.on('uncaughtExceptionMonitor', (err) => log.error({ err }, 'Uncaught exception'))
  const outDir = dirname(fileURLToPath(import.meta.url))
  const core = await openShellCore(args, outDir, log, 'browser mode')
  const server = await startWebServer({
    dispatch: createDispatch(core),
    log,
    changes: core.changes,
    rendererDir: join(outDir, '../renderer'),
    port: args.port ?? 0,
    jobFile: (jobId) => core.jobFile(jobId),
  })
  console.log(`Culture Book library: ${core.libraryPath}${core.isDemo ? ' (demo)' : ''}`)
  console.log(`Culture Book is running in browser mode. Open:\n  ${server.openUrl}`)

  const stop = async () => {
    await server.close()
    core.close()
    // The demo library and the book previews live in the temp folder only while this runs.
    removeOwnedTempDirs()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
