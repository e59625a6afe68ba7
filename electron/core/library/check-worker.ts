/** Worker thread entry: SQLite's quick_check of a library file, on a read-only connection, off the main thread. */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const { path, nativeBinding } = workerData as { path: string; nativeBinding?: string }
try {
  const db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
  try {
    // A library with no tables yet is new: nothing to check (openLibrary skips it too).
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    const result = tables.n > 0 ? String(db.pragma('quick_check', { simple: true })) : 'ok'
    parentPort!.postMessage({ result })
  } finally {
    db.close()
  }
} catch (err) {
  // Not a database, malformed, locked: openLibrary meets the same and reports it in its own words.
  parentPort!.postMessage({ failed: (err as Error).message })
}
