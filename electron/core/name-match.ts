import type Database from 'better-sqlite3'

/**
 * How the author and team filters compare names, in stories.list and search.query alike: any part
 * of the name, ignoring case. `toLowerCase` folds case across Unicode ("ÅSA" → "åsa") without
 * depending on the machine's locale; NFKC makes a composed "å" equal a decomposed one. Accents
 * stay: "asa" is a different name from "Åsa".
 */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase()
}

/** True when `needle` (trimmed) occurs anywhere in `name`, ignoring case; an empty needle matches every name. */
export function nameMatches(name: string, needle: string): boolean {
  return foldName(name).includes(foldName(needle.trim()))
}

/** The same test for SQL, where SQLite's LOWER and LIKE fold ASCII only. Register once per connection. */
export const NAME_MATCHES_SQL = 'name_matches'

export function registerNameMatches(db: Database.Database): void {
  db.function(NAME_MATCHES_SQL, { deterministic: true }, (name: unknown, needle: unknown) =>
    nameMatches(String(name ?? ''), String(needle ?? '')) ? 1 : 0,
  )
}
