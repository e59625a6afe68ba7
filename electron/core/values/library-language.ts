import type Database from 'better-sqlite3'
import type { ValueLanguage } from './value-texts'

/**
 * A library's main language (migration 12): the one its core values were seeded in and the one their
 * names fall back to. Libraries from before it are English.
 */
export function readLibraryLanguage(db: Database.Database): ValueLanguage {
  const row = db.prepare("SELECT value FROM library_meta WHERE key = 'language'").get() as { value: ValueLanguage } | undefined
  return row?.value ?? 'en'
}

export function writeLibraryLanguage(db: Database.Database, language: ValueLanguage): void {
  db.prepare("INSERT OR REPLACE INTO library_meta (key, value) VALUES ('language', ?)").run(language)
}
