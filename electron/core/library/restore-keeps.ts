import type Database from 'better-sqlite3'

/**
 * What a restore leaves as it is: a team library's people, not its contents. Putting back last week's
 * stories must not sign everybody out, re-enable an account an admin disabled since, bring back an
 * old password or role, or undo the audit log. Users are never deleted, so every account the restored
 * stories name is still here. Parents before children (foreign keys); a table a library does not
 * have (yet) is skipped.
 */
const PEOPLE_TABLES = ['users', 'user_roles', 'sessions', 'invitations', 'audit_log', 'user_settings'] as const

type Rows = Map<string, Record<string, unknown>[]>

function tableExists(db: Database.Database, table: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)
}

/** The people tables' rows as they are now (read just before a restore). */
export function readPeople(db: Database.Database): Rows {
  const rows: Rows = new Map()
  for (const table of PEOPLE_TABLES) {
    if (tableExists(db, table)) rows.set(table, db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
  }
  return rows
}

/**
 * Puts the rows read before back, in one transaction, over what the restored backup held. Users are
 * updated in place (stories and history point at them); the other tables are replaced whole.
 */
export function putBackPeople(db: Database.Database, rows: Rows): void {
  db.transaction(() => {
    for (const table of [...PEOPLE_TABLES].reverse()) {
      if (table !== 'users' && rows.has(table) && tableExists(db, table)) db.prepare(`DELETE FROM ${table}`).run()
    }
    for (const table of PEOPLE_TABLES) {
      const kept = rows.get(table)
      if (!kept?.length || !tableExists(db, table)) continue
      const columns = Object.keys(kept[0])
      const names = columns.map((c) => `"${c}"`).join(', ')
      const values = columns.map((c) => `@${c}`).join(', ')
      const upsert = table === 'users' ? ` ON CONFLICT(id) DO UPDATE SET ${columns.map((c) => `"${c}" = excluded."${c}"`).join(', ')}` : ''
      const insert = db.prepare(`INSERT INTO ${table} (${names}) VALUES (${values})${upsert}`)
      for (const row of kept) insert.run(row)
    }
  })()
}
