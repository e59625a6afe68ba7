import type Database from 'better-sqlite3'

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/**
 * The statement for `sql` on this connection, compiled the first time only. For the statements a
 * write runs per story: an import of 100,000 rows compiled each of them 100,000 times, half of its
 * one long transaction. Only for run/get/all: a statement being iterated cannot be shared.
 */
export function preparedOnce(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db)
  if (!statements) cache.set(db, (statements = new Map()))
  let statement = statements.get(sql)
  if (!statement) statements.set(sql, (statement = db.prepare(sql)))
  return statement
}
