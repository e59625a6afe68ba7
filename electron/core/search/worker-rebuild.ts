import { Worker } from 'node:worker_threads'
import type { IndexSnapshot } from './saved-index'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'

/** Runs a full build in a worker thread (the built `search-worker.js` beside the main bundle), which also saves it. */
export function workerRebuild(workerPath: string, libraryPath: string, nativeBinding?: string, log: Logger = silentLogger) {
  return () =>
    new Promise<IndexSnapshot>((resolve, reject) => {
      const worker = new Worker(workerPath, { workerData: { libraryPath, nativeBinding } })
      worker.once('message', ({ snapshot, saveError }: { snapshot: IndexSnapshot; saveError?: string }) => {
        if (saveError) log.error({ err: saveError }, 'The rebuilt search index could not be saved')
        resolve(snapshot)
      })
      worker.once('error', reject)
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`The search index worker stopped with code ${code}.`))
      })
    })
}
