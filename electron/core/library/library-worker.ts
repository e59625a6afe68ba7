/**
 * Worker thread entry for work on the library file that reads or writes it whole, off the main thread:
 * SQLite's quick_check before it is opened, and the copy a backup is made of. Each on a read-only
 * connection of its own.
 */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { copyLibrary } from './backups'
import type { LibraryTask, LibraryTaskAnswer } from './library-thread'

const { task, nativeBinding } = workerData as { task: LibraryTask; nativeBinding?: string }

async function run(): Promise<LibraryTaskAnswer> {
  const db = new Database(task.path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
  try {
    if (task.kind === 'backup') {
      await copyLibrary(db, task.to)
      return { done: 'copied' }
    }
    // A library with no tables yet is new: nothing to check (openLibrary skips it too).
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    return { done: tables.n > 0 ? String(db.pragma('quick_check', { simple: true })) : 'ok' }
  } finally {
    db.close()
  }
}

run().then(
  (answer) => parentPort!.postMessage(answer),
  (err: NodeJS.ErrnoException) => parentPort!.postMessage({ failed: { message: err.message, code: err.code } } satisfies LibraryTaskAnswer),
)
