import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread from the built file beside the main bundle (`pdf-worker.js`, …), or from its
 * TypeScript source under tsx, as the tests and `tsx` runs have it.
 */
export function startWorker(workerPath: string, workerData: unknown): Worker {
  if (!workerPath.endsWith('.ts')) return new Worker(workerPath, { workerData })
  const source = JSON.stringify(pathToFileURL(workerPath).href)
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${source}) })`, { eval: true, workerData })
}
