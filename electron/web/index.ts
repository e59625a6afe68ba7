/**
 * `npm run web`: the whole app in a browser, for testing it for real and for machines without a
 * desktop. Same core, same contract, over HTTP on 127.0.0.1.
 *   --library <file>   open another library (or CULTUREBOOK_LIBRARY)
 *   --demo             open a fresh demo library in a temp folder
 *   --port <n>         listen on a fixed port (default: a free one)
 *   --export-dir <dir> where exported books go (default: ~/Culture Book)
 *   --restore-newest-backup  if the library cannot be opened, put its newest good backup in its place
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openCore, type CultureCore } from '../core/culture-core'
import { openDemoCore } from '../core/demo/demo-library'
import { createDispatch } from '../core/dispatch'
import { resolveLibraryPath, userDataDir } from '../core/library/library-location'
import { homedir } from 'node:os'
import { chromiumPrinter, findChromium } from '../core/book/chromium-printer'
import { listBackups, readonlyOpener, recoverFromNewestBackup } from '../core/library/backups'
import { RecoverableLibraryError } from '../core/library/open-library'
import { removeOwnedTempDirs, sweepStaleTempDirs } from '../core/owned-temp'
import { workerRebuild } from '../core/search/worker-rebuild'
import { startWebServer } from './web-server'

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const workerPath = join(dirname(fileURLToPath(import.meta.url)), 'search-worker.js')
  const rebuildSearch = (libraryPath: string) => workerRebuild(workerPath, libraryPath)
  // Chromium is looked for when a PDF is asked for, so browser mode starts without one.
  const books = {
    printer: () => chromiumPrinter(findChromium()),
    exportDir: option(argv, '--export-dir') ?? join(homedir(), 'Culture Book'),
  }
  // Demo libraries and book previews that a crashed run left in the temp folder.
  sweepStaleTempDirs()
  let core: CultureCore
  const open = () => {
    if (argv.includes('--demo')) return openDemoCore({ rebuildSearch, ...books })
    const path = resolveLibraryPath(argv, process.env, userDataDir())
    return openCore(path, { owner: 'browser mode', rebuildSearch: rebuildSearch(path), ...books })
  }
  try {
    core = open()
  } catch (err) {
    const path = argv.includes('--demo') ? null : resolveLibraryPath(argv, process.env, userDataDir())
    const recoverable = err instanceof RecoverableLibraryError && !!path && listBackups(path).length > 0
    if (recoverable && argv.includes('--restore-newest-backup')) {
      const used = recoverFromNewestBackup(path!, readonlyOpener())
      console.error(`The library could not be opened; ${used.name} was put in its place (the old file was kept beside it).`)
      core = open()
    } else {
      const hint = recoverable ? '\nStart again with --restore-newest-backup to put the newest good backup in its place (the old file is kept).' : ''
      console.error(`Culture Book cannot open its library.\n${(err as Error).message}${hint}`)
      process.exit(1)
    }
  }
  const portText = option(argv, '--port')
  const port = portText === undefined ? 0 : Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number between 0 and 65535, not "${portText}".`)
    process.exit(1)
  }
  const server = await startWebServer({
    dispatch: createDispatch(core),
    changes: core.changes,
    rendererDir: join(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    port,
    jobFile: (jobId) => {
      try {
        const job = core.jobs.get(jobId)
        return job.state === 'done' ? ((job.result as { path?: string } | undefined)?.path ?? null) : null
      } catch {
        return null
      }
    },
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
