import type Database from 'better-sqlite3'

/**
 * Each library carries a random id (migration 10), so that its backups can be told from those of
 * another library that has, or once had, the same file name in the same folder.
 */
export function readLibraryId(db: Database.Database): string | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'library_meta'").get()
  if (!hasTable) return null
  const row = db.prepare("SELECT value FROM library_meta WHERE key = 'library_id'").get() as { value: string } | undefined
  return row?.value ?? null
}

export function writeLibraryId(db: Database.Database, id: string): void {
  db.prepare("INSERT OR REPLACE INTO library_meta (key, value) VALUES ('library_id', ?)").run(id)
}

/** The part of the id a backup's file name carries: 8 hex digits are plenty to tell a few libraries apart. */
export function backupTag(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toLowerCase()
}
