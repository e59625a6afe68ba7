import { Worker } from 'node:worker_threads'
import type { RebuildResult } from './search-service'

/** Runs a full build in a worker thread (the built `search-worker.js` beside the main bundle), which also saves it. */
export function workerRebuild(workerPath: string, libraryPath: string, nativeBinding?: string) {
  return () =>
    new Promise<RebuildResult>((resolve, reject) => {
      const worker = new Worker(workerPath, { workerData: { libraryPath, nativeBinding } })
      worker.once('message', (result: RebuildResult) => resolve(result))
      worker.once('error', reject)
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`The search index worker stopped with code ${code}.`))
      })
    })
}
