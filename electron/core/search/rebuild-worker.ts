/** Worker thread entry: builds the search index from the library file and saves it, off the main thread. */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { buildAndSave } from './index-snapshot'
import type { RebuildResult } from './search-service'

const { libraryPath, nativeBinding } = workerData as { libraryPath: string; nativeBinding?: string }
const db = new Database(libraryPath, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
try {
  // The main thread's connection writes stories meanwhile: wait for it rather than fail.
  db.pragma('busy_timeout = 5000')
  const { snapshot, saveError } = buildAndSave(db)
  // Only typed arrays and short strings cross: they are moved or copied without rebuilding objects.
  const result: RebuildResult = { snapshot, saveError }
  parentPort!.postMessage(
    result,
    snapshot.shards.map((s) => s.buffer as ArrayBuffer),
  )
} finally {
  db.close()
}
