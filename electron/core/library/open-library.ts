import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { CultureError, type ErrorParams } from '../errors'
import type { BackupFile } from './backup-file'
import { listBackups, takeBackupSync } from './backups'
import { checkedResult, type LibraryCheck } from './library-check'
import { readLibraryId } from './library-identity'
import { LATEST_SCHEMA_VERSION, migrations } from './migrations'
import { applyMigrations, CULTURE_APPLICATION_ID } from './schema-upgrade'

export { CULTURE_APPLICATION_ID } from './schema-upgrade'

/** The library is damaged or missing while backups exist: a backup may take its place. */
export class RecoverableLibraryError extends CultureError {
  constructor(code: 'library.damaged' | 'library.damagedNoBackup' | 'library.missingWithBackups', params: ErrorParams) {
    super(code, params)
  }
}

const SQLITE_MAGIC = 'SQLite format 3\u0000'

export interface OpenLibraryOptions {
  /** Where better-sqlite3's compiled addon lives, when the default build is for another ABI (Electron). */
  nativeBinding?: string
  /** Who opens it, as a person would name it ('the desktop app', 'browser mode'): a second opener is told. */
  owner?: string
  /**
   * The shells' quick_check of this file, run in a worker thread beforehand (checkLibraryFile): its
   * answer is used as this check's own while the file is unchanged since, so a big library does not
   * hold the main thread for it. Without one (tests, tools), the check runs here.
   */
  checked?: LibraryCheck | null
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    return buf.subarray(0, n).toString('latin1')
  } finally {
    closeSync(fd)
  }
}

/**
 * Opens (or creates) a library file and brings its schema up to date.
 * Refuses, without writing a byte, a file that is not SQLite, another program's database,
 * or a library from a newer version of the app.
 */
export function openLibrary(path: string, options: OpenLibraryOptions = {}): Database.Database {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      throw new CultureError('library.isFolder', { path })
    }
    checkHeader(path)
  } else {
    // A missing library with backups beside it was lost, not new: never start empty in its place.
    const [newest] = listBackups(path)
    if (newest) {
      throw new RecoverableLibraryError('library.missingWithBackups', { path, ...backupParams(newest) })
    }
    mkdirSync(dirname(path), { recursive: true })
  }

  let db: Database.Database
  try {
    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  } catch (err) {
    throw new CultureError('library.cannotOpen', { path, reason: (err as Error).message })
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number
    const version = db.pragma('user_version', { simple: true }) as number
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    if (appId !== CULTURE_APPLICATION_ID && (version !== 0 || tables.n > 0)) {
      throw new CultureError('library.otherProgram', { path })
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new CultureError('library.newerVersion', { path, version: String(version), latest: String(LATEST_SCHEMA_VERSION) })
    }
    // A quick structural check: a damaged file is reported, never silently used or replaced.
    if (tables.n > 0) {
      const check = checkedResult(options.checked, path) ?? db.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw damaged(path, String(check))
    }
    useConnection(db)
    migrate(db, version, path)
    return db
  } catch (err) {
    db.close()
    if (err instanceof CultureError) throw err
    // SQLite's own "malformed" or "not a database" on a file with our header: damaged.
    if (/malformed|not a database|corrupt/i.test((err as Error).message)) {
      throw damaged(path, (err as Error).message)
    }
    throw new CultureError('library.cannotOpenAsLibrary', { path, reason: (err as Error).message })
  }
}

/** How every connection to a library works, the app's own and a worker thread's. */
export function useConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  // FULL syncs the WAL on every commit: an acknowledged write survives power loss, not just a crash.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
}

/**
 * A file that is not SQLite is someone else's and is refused as such, unless it is what is left of a
 * library: a zeroed header, or a file of ours (with backups beside it) that was emptied or overwritten.
 * Those are damaged, so the newest backup is offered and the file kept. An empty file with no
 * backups is where a new library starts.
 */
function checkHeader(path: string): void {
  const size = statSync(path).size
  const header = size > 0 ? readHeader(path) : ''
  if (header === SQLITE_MAGIC) return
  const hasBackups = listBackups(path).length > 0
  if (size === 0) {
    if (hasBackups) throw damaged(path, 'the file is empty')
  } else if (/^\0+$/.test(header)) {
    throw damaged(path, 'its header is all zeros')
  } else if (hasBackups) {
    throw damaged(path, 'it is no longer an SQLite file')
  } else {
    throw new CultureError('library.notSqlite', { path })
  }
}

const backupParams = (backup: BackupFile) => ({
  backup: backup.name,
  takenAt: backup.takenAt.slice(0, 16).replace('T', ' '),
  backupPath: backup.path,
})

/** A damaged library, with its newest backup offered when there is one. The detail is SQLite's or ours, not translated. */
function damaged(path: string, detail: string): RecoverableLibraryError {
  const [newest] = listBackups(path)
  return newest
    ? new RecoverableLibraryError('library.damaged', { path, detail: detail.slice(0, 200), ...backupParams(newest) })
    : new RecoverableLibraryError('library.damagedNoBackup', { path, detail: detail.slice(0, 200) })
}

function migrate(db: Database.Database, from: number, path: string): void {
  if (!migrations.some((m) => m.version > from)) return
  // The copy taken before an upgrade is named with the id the library is about to have, so it is listed as its own.
  const libraryId = readLibraryId(db) ?? randomUUID()
  // An existing library is copied aside before its schema changes.
  if (from > 0) takeBackupSync(db, path, 'before-migration', libraryId)
  applyMigrations(db, from, libraryId)
}
