import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { localDate } from '../format-date'
import { readLibraryLanguage } from '../values/library-language'

/**
 * A person who holds the trainee role trains as themselves: they have exactly one trainee record,
 * linked to their account (trainees.user_id, unique), made inside the transaction that gives them
 * the role. Named for them, starting today, training in the library's main language. Taking the
 * role away keeps the record and its history; giving it back finds the same record. Inside the
 * caller's transaction.
 */
export function linkTraineeRecord(db: Database.Database, user: { id: string; displayName: string }, now: Date): void {
  db.prepare(
    `INSERT INTO trainees (id, name, team, start_date, language, created_at, user_id)
     SELECT ?, ?, '', ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM trainees WHERE user_id = ?)`,
  ).run(randomUUID(), user.displayName, localDate(now), readLibraryLanguage(db), now.toISOString(), user.id, user.id)
}

/** The trainee record linked to an account, if any. */
export function linkedTraineeId(db: Database.Database, userId: string): string | null {
  const row = db.prepare('SELECT id FROM trainees WHERE user_id = ?').get(userId) as { id: string } | undefined
  return row?.id ?? null
}
