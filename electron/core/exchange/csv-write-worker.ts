/**
 * Worker thread entry: writes a CSV import's checked rows on a connection of its own, in the same
 * one transaction, so the app's event loop stays free for the seconds 100,000 rows take.
 */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { CultureError } from '../errors'
import { ChangeFeed } from '../library/change-feed'
import { useConnection } from '../library/open-library'
import { StoryRepository } from '../stories/story-repository'
import { ValueRepository } from '../values/value-repository'
import { writeCsvRows, type CsvRow } from './csv-write'
import type { WriteAnswer, WriteMessage } from './csv-write-thread'

const { libraryPath, nativeBinding } = workerData as { libraryPath: string; nativeBinding?: string }
const rows: CsvRow[] = []

parentPort!.on('message', (message: WriteMessage) => {
  if ('rows' in message) {
    for (const row of message.rows) rows.push(row)
    return
  }
  let db: Database.Database | null = null
  let answer: WriteAnswer
  try {
    db = new Database(libraryPath, nativeBinding ? { nativeBinding } : {})
    useConnection(db)
    // Its own feed, heard by nobody: the app announces the written stories once they are committed.
    const changes = new ChangeFeed()
    const stories = new StoryRepository(db, new ValueRepository(db, changes), changes)
    answer = { written: writeCsvRows(db, stories, rows, message.startedBy) }
  } catch (err) {
    answer = {
      failed:
        err instanceof CultureError ? { info: err.toInfo() } : { message: (err as Error).message, code: (err as { code?: string }).code },
    }
  } finally {
    db?.close()
  }
  parentPort!.postMessage(answer)
})
