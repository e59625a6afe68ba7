import type Database from 'better-sqlite3'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { BookService } from './book/book-service'
import type { PdfPrinter } from './book/pdf-printer'
import { exportFolderPolicy, type PathPolicy } from './path-policy'
import { StoryCsv } from './exchange/story-csv'
import { StoryPacks } from './exchange/story-packs'
import { asCultureError } from './failure'
import { JobRunner } from './jobs/job-runner'
import { backupIfDue, removeStalePartials } from './library/backups'
import { lockLibrary } from './library/library-lock'
import { ScenarioRepository } from './training/scenario-repository'
import { TrainingService } from './training/training-service'
import { EditionRepository } from './book/edition-repository'
import { ChangeFeed } from './library/change-feed'
import { LATEST_SCHEMA_VERSION } from './library/migrations'
import { openLibrary, type OpenLibraryOptions } from './library/open-library'
import { SearchService, type Rebuild } from './search/search-service'
import { StoryRepository } from './stories/story-repository'
import { ValueRepository } from './values/value-repository'

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
  /** Prints books; absent where no Chromium (or Electron) is at hand. */
  printer: (() => PdfPrinter) | null
  /** Where exports go when the user names no file. */
  exportDir: string
  /** Which paths named by a caller (a book's file, a folder to import) may be used; the shell decides. */
  pathPolicy: PathPolicy
  /** Settles when the start-up work (the daily backup) is over; tests and shutdown wait on it. */
  ready: Promise<void>
  /** After the library's contents were replaced in place: every window and index reloads. */
  afterRestore(): void
  close(): void
}

export function openCore(
  libraryPath: string,
  options: OpenLibraryOptions & {
    isDemo?: boolean
    /** A throwaway copy (the command line's snapshot): no daily backup of it. */
    throwaway?: boolean
    rebuildSearch?: Rebuild
    printer?: () => PdfPrinter
    exportDir?: string
    pathPolicy?: PathPolicy
  } = {},
): CultureCore {
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
  const changes = new ChangeFeed()
  const values = new ValueRepository(db, changes)
  const stories = new StoryRepository(db, values, changes)
  const search = new SearchService(db, changes, options.rebuildSearch)
  search.start()
  // One backup a day at most, taken in the background at start, once there is something to keep.
  const hasStories = () => (db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n > 0
  const ready =
    !options.isDemo && !options.throwaway && hasStories()
      ? // Once a backup holds them, the last snapshots of stories deleted for good can go.
        backupIfDue(db, libraryPath)
          .then((b) => {
            if (b && db.open) stories.revisions.pruneDeleted()
          })
          .catch((err) => {
            if (db.open) console.error(err)
          })
      : Promise.resolve()
  const exportDir = options.exportDir ?? join(homedir(), 'Culture Book')
  const books = new BookService(db, values, new EditionRepository(db, values, changes))
  return {
    libraryPath,
    isDemo: options.isDemo ?? false,
    schemaVersion: LATEST_SCHEMA_VERSION,
    db,
    changes,
    values,
    stories,
    search,
    books,
    jobs: new JobRunner(changes, (err) => asCultureError(err, libraryPath, console.error).message),
    packs: new StoryPacks(db, libraryPath, stories, values),
    csv: new StoryCsv(db, libraryPath, stories, values),
    training: new TrainingService(db, values, new ScenarioRepository(db, values, changes), changes),
    printer: options.printer ?? null,
    ready,
    exportDir,
    pathPolicy: options.pathPolicy ?? exportFolderPolicy(exportDir),
    afterRestore: () => {
      changes.publish('values')
      changes.publish('stories')
      changes.publish('editions')
      changes.publish('training')
    },
    close: () => {
      search.stop()
      db.close()
      lock.release()
    },
  }
}
