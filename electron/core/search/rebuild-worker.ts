/** Worker thread entry: builds the search index from the library file, off the main thread. */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { snapshotLibrary } from './index-snapshot'

const { libraryPath, nativeBinding } = workerData as { libraryPath: string; nativeBinding?: string }
const db = new Database(libraryPath, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) })
try {
  const snapshot = snapshotLibrary(db)
  parentPort!.postMessage(
    snapshot,
    snapshot.shards.map((s) => s.buffer as ArrayBuffer),
  )
} finally {
  db.close()
}
