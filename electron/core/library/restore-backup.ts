import type Database from 'better-sqlite3'
import { resolve } from 'node:path'
import { CultureError } from '../errors'
import type { BackupFile } from './backup-file'
import { listBackups, removeReaderLeftovers, takeBackup } from './backups'
import { readLibraryId } from './library-identity'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { putBackPeople, readPeople } from './restore-keeps'
import { applyMigrations, CULTURE_APPLICATION_ID } from './schema-upgrade'

export interface RestoreResult {
  /** The backup whose contents the library now holds; it is still in the backups folder. */
  restored: BackupFile
  /** What the library held just before, backed up first so the restore can be undone. */
  safety: BackupFile
}

/**
 * Puts one of this library's backups into the open library, in place, after checking it and backing
 * up the current state. SQLite's backup API copies page by page in one transaction, so the open
 * connection stays valid. An older backup is brought up to today's format, and the library keeps
 * its id either way, and its people as they are now (restore-keeps.ts).
 */
export async function restoreBackup(db: Database.Database, libraryPath: string, backup: string, now = new Date()): Promise<RestoreResult> {
  const libraryId = readLibraryId(db)
  const known = libraryId
    ? listBackups(libraryPath, libraryId).find((b) => b.name === backup || resolve(b.path) === resolve(backup))
    : undefined
  if (!libraryId || !known) throw new CultureError('backup.notFound')
  const Database = db.constructor as new (path: string, options?: object) => Database.Database
  const source = new Database(known.path, { readonly: true, fileMustExist: true })
  try {
    const check = source.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new CultureError('backup.damaged', { name: known.name, check: String(check) })
    const version = source.pragma('user_version', { simple: true }) as number
    if (source.pragma('application_id', { simple: true }) !== CULTURE_APPLICATION_ID || version > LATEST_SCHEMA_VERSION) {
      throw new CultureError('backup.incompatible', { name: known.name })
    }
    // The rotation that follows the safety backup must not take the chosen one away.
    const safety = await takeBackup(db, libraryPath, 'before-restore', now, [known.path])
    const people = readPeople(db)
    await source.backup(libraryPath)
    applyMigrations(db, version, libraryId)
    putBackPeople(db, people)
    return { restored: known, safety }
  } finally {
    source.close()
    removeReaderLeftovers(known.path)
  }
}
