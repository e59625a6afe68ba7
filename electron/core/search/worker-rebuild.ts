import { Worker } from 'node:worker_threads'
import type { IndexSnapshot } from './saved-index'

/** Runs a full build in a worker thread (the built `search-worker.js` beside the main bundle). */
export function workerRebuild(workerPath: string, libraryPath: string, nativeBinding?: string) {
  return () =>
    new Promise<IndexSnapshot>((resolve, reject) => {
      const worker = new Worker(workerPath, { workerData: { libraryPath, nativeBinding } })
      worker.once('message', (snapshot: IndexSnapshot) => resolve(snapshot))
      worker.once('error', reject)
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`The search index worker stopped with code ${code}.`))
      })
    })
}
