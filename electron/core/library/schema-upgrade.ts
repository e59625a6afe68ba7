import type Database from 'better-sqlite3'
import { writeLibraryId } from './library-identity'
import { LATEST_SCHEMA_VERSION, migrations } from './migrations'

/** Stamped into the file header so we never adopt someone else's SQLite database. ("CBK1") */
export const CULTURE_APPLICATION_ID = 0x43424b31

/**
 * Every migration after `from`, in one transaction. The library ends up with `libraryId`: the id
 * its backups are named by, kept across upgrades and restores so that they stay listed as its own.
 */
export function applyMigrations(db: Database.Database, from: number, libraryId: string): void {
  db.transaction(() => {
    for (const m of migrations.filter((m) => m.version > from)) m.up(db)
    writeLibraryId(db, libraryId)
    db.pragma(`application_id = ${CULTURE_APPLICATION_ID}`)
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`)
  }).immediate()
}
