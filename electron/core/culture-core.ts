import type Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { BookService } from './book/book-service'
import type { PdfPrinter } from './book/pdf-printer'
import { readPdfHere, type PdfReader } from './book/pdf-reader'
import { exportFolderPolicy, type PathPolicy } from './path-policy'
import { StoryCsv } from './exchange/story-csv'
import { csvWriterInWorker } from './exchange/csv-write-thread'
import { StoryPacks } from './exchange/story-packs'
import { ExchangeService } from './exchange/exchange-service'
import { asCultureError } from './failure'
import { JobRunner } from './jobs/job-runner'
import { silentLogger, type Logger } from './logger'
import { finishedJobFile } from './jobs/job-files'
import { removeStalePartials } from './library/backups'
import { LibraryService } from './library/library-service'
import { lockLibrary } from './library/library-lock'
import { copyInThread } from './library/library-thread'
import { ScenarioRepository } from './training/scenario-repository'
import { TrainingService } from './training/training-service'
import { EditionRepository } from './book/edition-repository'
import { ChangeFeed } from './library/change-feed'
import { LATEST_SCHEMA_VERSION } from './library/migrations'
import { openLibrary, type OpenLibraryOptions } from './library/open-library'
import { SearchService, type Rebuild } from './search/search-service'
import { StoryRepository } from './stories/story-repository'
import { ValueRepository } from './values/value-repository'
import type { ValueLanguage } from './values/value-texts'
import { chosenLocale } from './settings/app-settings'
import { SettingsStore } from './settings/settings-store'
import { DraftRepository } from './drafts/draft-repository'
import { PhotoRepository } from './photos/photo-repository'

/** Everything the shells need, built around one open library file. */
export interface CultureCore {
  libraryPath: string
  isDemo: boolean
  schemaVersion: number
  db: Database.Database
  changes: ChangeFeed
  values: ValueRepository
  stories: StoryRepository
  search: SearchService
  books: BookService
  jobs: JobRunner
  training: TrainingService
  packs: StoryPacks
  csv: StoryCsv
  /** Photos in stories, stored once inside the library file. */
  photos: PhotoRepository
  /** What editors typed since their last save, kept until saved or discarded. */
  drafts: DraftRepository
  /** Packs, CSV and Markdown folders in and out, each export under a fresh name. */
  exchange: ExchangeService
  /** The library file as a whole: its backups, and restoring one. */
  library: LibraryService
  /** Prints books; absent where no Chromium (or Electron) is at hand. */
  printer: (() => PdfPrinter) | null
  /** Reads a printed book's page numbers: in a worker thread where the shell gives one. */
  readPdf: PdfReader
  /** Where exports go when the user names no file. */
  exportDir: string
  /** Which paths named by a caller (a book's file, a folder to import) may be used; the shell decides. */
  pathPolicy: PathPolicy
  /** Where unexpected failures are written in full (the shell's log file; silent by default). */
  log: Logger
  /** Settles when the start-up work (the daily backup) is over; tests and shutdown wait on it. */
  ready: Promise<void>
  /** After the library's contents were replaced in place: every window and index reloads. */
  afterRestore(): void
  /** The file a finished job of this run wrote, checked to exist; null otherwise. */
  jobFile(jobId: string): string | null
  /** The person's choices (the window's language), kept in the shell's user-data folder. */
  settings: SettingsStore
  close(): void
}

/** What a shell lends the core, whichever library it opens (the real one or the demo's). */
export interface ShellServices {
  printer?: () => PdfPrinter
  /** pdfReaderInWorker(the built pdf-worker.js): pdf-lib parses a thick book for seconds. */
  readPdf?: PdfReader
  exportDir?: string
  pathPolicy?: PathPolicy
  /** What training takes for now; the wall clock unless a shell says otherwise (see training-clock.ts). */
  trainingClock?: () => Date
  log?: Logger
  /** The user-data folder settings.json lives in; without one, settings last as long as the core. */
  settingsDir?: string
  /** The system's preferred languages (BCP 47), most wanted first: a new library speaks the chosen one. */
  systemLanguages?: readonly string[]
  /** The built csv-write-worker.js: a CSV import's one long transaction runs there, off the event loop. */
  csvWriteWorker?: string
  /** The built library-worker.js: backups are copied there (the copy's last step syncs the whole file). */
  libraryWorker?: string
}

export function openCore(
  libraryPath: string,
  options: OpenLibraryOptions &
    ShellServices & {
      isDemo?: boolean
      /** A throwaway copy (the command line's snapshot): no daily backup of it. */
      throwaway?: boolean
      rebuildSearch?: Rebuild
      /** The main language of a library this call creates (its core values start in it); English by default. */
      language?: ValueLanguage
    } = {},
): CultureCore {
  const isNew = !existsSync(libraryPath) || statSync(libraryPath).size === 0
  // Refused while another process has the library open; released on close.
  const lock = lockLibrary(libraryPath, options.owner)
  let db: Database.Database
  try {
    // Holding the lock, no other process is writing this library's backups: a .partial is a killed one's.
    removeStalePartials(libraryPath)
    db = openLibrary(libraryPath, options)
  } catch (err) {
    lock.release()
    throw err
  }
  const log = options.log ?? silentLogger
  const changes = new ChangeFeed()
  const values = new ValueRepository(db, changes)
  const settings = new SettingsStore(options.settingsDir ?? null, changes, log)
  // A new library starts in the language asked for, else the one the person chose in Settings (or their system's).
  const language =
    options.language ?? (options.systemLanguages ? chosenLocale(settings.get().language, options.systemLanguages) : undefined)
  if (isNew && language) values.setMainLanguage(language)
  const stories = new StoryRepository(db, values, changes)
  const search = new SearchService(db, changes, options.rebuildSearch, log)
  search.start()
  const afterRestore = () => {
    changes.publish('values')
    changes.publish('stories')
    changes.publish('editions')
    changes.publish('training')
  }
  const isDemo = options.isDemo ?? false
  const library = new LibraryService(
    db,
    { path: libraryPath, schemaVersion: LATEST_SCHEMA_VERSION, isDemo },
    stories.revisions,
    afterRestore,
    options.libraryWorker ? copyInThread(options.libraryWorker, libraryPath, options.nativeBinding) : undefined,
    log,
  )
  // One backup a day at most, taken in the background at start, once there is something to keep.
  const hasStories = () => (db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n > 0
  const ready =
    !isDemo && !options.throwaway && hasStories()
      ? library
          .backupIfDue()
          .then(() => undefined)
          .catch((err) => {
            if (db.open) log.error({ err }, 'The daily backup failed')
          })
      : Promise.resolve()
  const exportDir = options.exportDir ?? join(homedir(), 'Culture Book')
  const pathPolicy = options.pathPolicy ?? exportFolderPolicy(exportDir)
  const books = new BookService(db, values, new EditionRepository(db, values, changes))
  // A job belongs to whoever started it: the account the call acts for (team server), else nobody.
  const jobs = new JobRunner(
    changes,
    (err) => asCultureError(err, libraryPath, log),
    () => stories.revisions.actingUser,
  )
  const importBackup = () => library.backupBeforeImport()
  const photos = new PhotoRepository(db)
  const packs = new StoryPacks(db, libraryPath, stories, values, photos, importBackup)
  const csv = new StoryCsv(
    db,
    libraryPath,
    stories,
    values,
    options.csvWriteWorker ? csvWriterInWorker(options.csvWriteWorker, libraryPath, options.nativeBinding) : undefined,
    importBackup,
  )
  return {
    libraryPath,
    isDemo,
    schemaVersion: LATEST_SCHEMA_VERSION,
    db,
    changes,
    values,
    stories,
    search,
    books,
    jobs,
    packs,
    csv,
    drafts: new DraftRepository(db),
    photos,
    exchange: new ExchangeService({ exportDir, pathPolicy, jobs, packs, csv, stories, values, photos }),
    library,
    training: new TrainingService(db, values, new ScenarioRepository(db, values, changes), changes, options.trainingClock),
    printer: options.printer ?? null,
    readPdf: options.readPdf ?? readPdfHere,
    log,
    ready,
    exportDir,
    pathPolicy,
    afterRestore,
    jobFile: (jobId) => finishedJobFile(jobs, jobId),
    settings,
    close: () => {
      search.stop()
      db.close()
      lock.release()
    },
  }
}
