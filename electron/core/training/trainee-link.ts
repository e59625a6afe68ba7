import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { localDate } from '../format-date'
import type { ChangeFeed } from '../library/change-feed'
import { readLibraryLanguage } from '../values/library-language'

/** Each open library's change feed (the training service's), which a new record is announced on. */
const feeds = new WeakMap<Database.Database, ChangeFeed>()

/**
 * Records are made where roles are given (accounts, invitations), which know nothing of the feed:
 * the library's training service names it here once, so a trainer's open pages hear of new trainees.
 */
export function announceTraineeLinksOn(db: Database.Database, changes: ChangeFeed): void {
  feeds.set(db, changes)
}

/**
 * A person who holds the trainee role trains as themselves: they have exactly one trainee record,
 * linked to their account (trainees.user_id, unique), made inside the transaction that gives them
 * the role. Named for them, starting today, training in the library's main language (they may
 * choose another). Taking the role away keeps the record and its history; giving it back finds the
 * same record.
 *
 * Gives `userId` their record if they hold the role and have none yet; true when it made one.
 * Inside the caller's transaction.
 */
export function linkTraineeRecord(db: Database.Database, userId: string, now: Date): boolean {
  const { changes } = db
    .prepare(
      `INSERT INTO trainees (id, name, team, start_date, language, created_at, user_id)
       SELECT ?, u.display_name, '', ?, ?, ?, u.id FROM users u
       WHERE u.id = ? AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainee')
         AND NOT EXISTS (SELECT 1 FROM trainees t WHERE t.user_id = u.id)`,
    )
    .run(randomUUID(), localDate(now), readLibraryLanguage(db), now.toISOString(), userId)
  const feed = feeds.get(db)
  // Once the caller's transaction is over: it runs synchronously, so the next tick is past its commit
  // (after a rollback, listeners merely read the same again).
  if (changes > 0 && feed) process.nextTick(() => feed.publish('training'))
  return changes > 0
}
