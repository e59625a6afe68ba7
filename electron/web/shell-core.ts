import { homedir } from 'node:os'
import { join } from 'node:path'
import { chromiumPrinterInWorker } from '../core/book/chromium-printer'
import { pdfReaderInWorker } from '../core/book/pdf-reader'
import { openCore, type CultureCore } from '../core/culture-core'
import { openDemoCore } from '../core/demo/demo-library'
import { checkLibraryFile } from '../core/library/library-check'
import { resolveLibraryPath, userDataDir } from '../core/library/library-location'
import { openWithRecovery } from '../core/library/open-with-recovery'
import type { Logger } from '../core/logger'
import { sweepStaleTempDirs } from '../core/owned-temp'
import { workerRebuild } from '../core/search/worker-rebuild'
import { trainingClock } from '../core/training/training-clock'

export interface ShellCoreArgs {
  library?: string
  demo?: boolean
  'export-dir'?: string
  'restore-newest-backup'?: boolean
}

export function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

/**
 * The library a command-line server opens (browser mode, the team server), with its workers and the
 * book's printer; exits with a sentence when it cannot. `outDir` is the built entry's folder, where
 * the workers' scripts are.
 */
export async function openShellCore(args: ShellCoreArgs, outDir: string, log: Logger, owner: string): Promise<CultureCore> {
  const workerPath = join(outDir, 'search-worker.js')
  const rebuildSearch = (libraryPath: string) => workerRebuild(workerPath, libraryPath)
  // A CSV import's one long transaction is written there, so the server answers meanwhile.
  const csvWriteWorker = join(outDir, 'csv-write-worker.js')
  // The library's integrity check before it opens, and backups' copies, run there.
  const libraryWorker = join(outDir, 'library-worker.js')
  // Chromium is looked for when a PDF is asked for, so the server starts without one.
  const books = {
    // Chromium is driven from a worker thread, so the server answers while a book prints.
    printer: () => chromiumPrinterInWorker(join(outDir, 'chromium-worker.js')),
    // A printed book's page numbers are read in a worker thread: pdf-lib takes seconds on a thick one.
    readPdf: pdfReaderInWorker(join(outDir, 'pdf-worker.js')),
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
  // A server asks nobody: a backup takes a damaged library's place only when the flag says so.
  let declined = false
  try {
    if (args.demo) return openDemoCore({ rebuildSearch, csvWriteWorker, ...books })
    const libraryPath = resolveLibraryPath(args.library, process.env, userDataDir())
    // The integrity check reads the whole file (a third of a second at 50,000 stories): in a worker thread.
    const checked = await checkLibraryFile(libraryWorker, libraryPath)
    const open = (path: string) =>
      openCore(path, { owner, checked, rebuildSearch: rebuildSearch(path), csvWriteWorker, libraryWorker, ...books })
    const opened = openWithRecovery(libraryPath, open, {
      restoreNewest: () => {
        declined = !args['restore-newest-backup']
        return !declined
      },
    })
    if (opened.restored)
      console.error(`The library could not be opened; ${opened.restored.name} was put in its place (the old file was kept beside it).`)
    return opened.core
  } catch (err) {
    log.error({ err }, 'The library could not be opened')
    const hint = declined
      ? '\nStart again with --restore-newest-backup to put the newest good backup in its place (the old file is kept).'
      : ''
    fail(`Culture Book cannot open its library.\n${(err as Error).message}${hint}`)
  }
}
