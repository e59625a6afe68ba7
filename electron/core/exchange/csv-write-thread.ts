import { firstAnswer, startWorker } from '../worker-thread'
import { CultureError, type ErrorInfo } from '../errors'
import type { CsvWriter, CsvRow, CsvWritten } from './csv-write'
import { nextTurn } from './slices'

export type WriteMessage = { rows: CsvRow[] } | { write: true; startedBy: string | null }
export type WriteAnswer = { written: CsvWritten } | { failed: { info: ErrorInfo } | { message: string; code?: string } }

/** Rows cross in batches, a turn apart: copying 100,000 rows in one message would hold the event loop. */
const BATCH = 1000

/**
 * Writes the checked rows in a worker thread (the built `csv-write-worker.js`) on its own connection,
 * in one transaction as here. Meanwhile the app answers: reads see the library as it was until the
 * commit, and a write waits for it (SQLite's busy timeout). Its errors come back as they were thrown.
 */
export function csvWriterInWorker(workerPath: string, libraryPath: string, nativeBinding?: string): CsvWriter {
  return async (good, startedBy) => {
    const worker = startWorker(workerPath, { libraryPath, nativeBinding })
    try {
      const answer = firstAnswer<WriteAnswer>(worker, "The CSV import's writer")
      // Failing early is seen when awaited, below, not as an unhandled rejection meanwhile.
      answer.catch(() => undefined)
      for (let at = 0; at < good.length; at += BATCH) {
        worker.postMessage({ rows: good.slice(at, at + BATCH) } satisfies WriteMessage)
        await nextTurn()
      }
      worker.postMessage({ write: true, startedBy: startedBy ?? null } satisfies WriteMessage)
      const result = await answer
      if ('written' in result) return result.written
      const { failed } = result
      if ('info' in failed) throw CultureError.fromInfo(failed.info)
      throw Object.assign(new Error(failed.message), { code: failed.code })
    } finally {
      void worker.terminate()
    }
  }
}
