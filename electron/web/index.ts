/**
 * `npm run web`: the whole app in a browser, for testing it for real and for machines without a
 * desktop. Same core, same contract, over HTTP on 127.0.0.1. Options: WEB_OPTIONS in
 * core/shell-args.ts, or `npm run web -- --help`.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openCore, type CultureCore } from '../core/culture-core'
import { openDemoCore } from '../core/demo/demo-library'
import { createDispatch } from '../core/dispatch'
import { resolveLibraryPath, userDataDir } from '../core/library/library-location'
import { homedir } from 'node:os'
import { chromiumPrinterInWorker } from '../core/book/chromium-printer'
import { trainingClock } from '../core/training/training-clock'
import { openWithRecovery } from '../core/library/open-with-recovery'
import { checkLibraryFile } from '../core/library/library-check'
import { removeOwnedTempDirs, sweepStaleTempDirs } from '../core/owned-temp'
import { workerRebuild } from '../core/search/worker-rebuild'
import { pdfReaderInWorker } from '../core/book/pdf-reader'
import { readCommandLine, WEB_OPTIONS } from '../core/shell-args'
import { openLogFile } from '../core/log-file'
import { startWebServer } from './web-server'

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function main(): Promise<void> {
  const args = readCommandLine(process.argv.slice(2), 'npm run web --', WEB_OPTIONS)
  // Unexpected failures in full, each under the reference id the page shows: <user data>/logs/browser.<date>.<n>.log
  const log = await openLogFile(userDataDir(), 'browser')
  process.on('uncaughtExceptionMonitor', (err) => log.error({ err }, 'Uncaught exception'))
  const workerPath = join(dirname(fileURLToPath(import.meta.url)), 'search-worker.js')
  const rebuildSearch = (libraryPath: string) => workerRebuild(workerPath, libraryPath)
  // A CSV import's one long transaction is written there, so the server answers meanwhile.
  const csvWriteWorker = join(dirname(workerPath), 'csv-write-worker.js')
  // The library's integrity check before it opens, and backups' copies, run there.
  const libraryWorker = join(dirname(workerPath), 'library-worker.js')
  // Chromium is looked for when a PDF is asked for, so browser mode starts without one.
  const books = {
    // Chromium is driven from a worker thread, so the server answers while a book prints.
    printer: () => chromiumPrinterInWorker(join(dirname(workerPath), 'chromium-worker.js')),
    // A printed book's page numbers are read in a worker thread: pdf-lib takes seconds on a thick one.
    readPdf: pdfReaderInWorker(join(dirname(workerPath), 'pdf-worker.js')),
    exportDir: args['export-dir'] ?? join(homedir(), 'Culture Book'),
    // The wall clock, unless a test runs it ahead (CULTURE_TRAINING_CLOCK_OFFSET_MS).
    trainingClock: trainingClock(process.env),
    log,
    // settings.json: the window's language, kept across runs (the page's origin changes every run).
    settingsDir: userDataDir(),
    // A new library's core values start in the chosen language, or the system's (LANG, the C library's locale).
    systemLanguages: [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG, Intl.DateTimeFormat().resolvedOptions().locale].filter(
      (tag): tag is string => !!tag && tag !== 'C' && tag !== 'POSIX',
    ),
  }
  // Demo libraries and book previews that a crashed run left in the temp folder.
  sweepStaleTempDirs()
  let core: CultureCore
  // Browser mode asks nobody: a backup takes a damaged library's place only when the flag says so.
  let declined = false
  try {
    if (args.demo) core = openDemoCore({ rebuildSearch, csvWriteWorker, ...books })
    else {
      const libraryPath = resolveLibraryPath(args.library, process.env, userDataDir())
      // The integrity check reads the whole file (a third of a second at 50,000 stories): in a worker thread.
      const checked = await checkLibraryFile(libraryWorker, libraryPath)
      const open = (path: string) =>
        openCore(path, { owner: 'browser mode', checked, rebuildSearch: rebuildSearch(path), csvWriteWorker, libraryWorker, ...books })
      const opened = openWithRecovery(libraryPath, open, {
        restoreNewest: () => {
          declined = !args['restore-newest-backup']
          return !declined
        },
      })
      core = opened.core
      if (opened.restored)
        console.error(`The library could not be opened; ${opened.restored.name} was put in its place (the old file was kept beside it).`)
    }
  } catch (err) {
    log.error({ err }, 'The library could not be opened')
    const hint = declined
      ? '\nStart again with --restore-newest-backup to put the newest good backup in its place (the old file is kept).'
      : ''
    fail(`Culture Book cannot open its library.\n${(err as Error).message}${hint}`)
  }
  const server = await startWebServer({
    dispatch: createDispatch(core),
    log,
    changes: core.changes,
    rendererDir: join(dirname(fileURLToPath(import.meta.url)), '../renderer'),
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
