import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts a worker thread from the built file beside the main bundle (`pdf-worker.js`, …), or from its
 * TypeScript source under tsx, as the tests and `tsx` runs have it.
 */
export function startWorker(workerPath: string, workerData: unknown, options: Omit<WorkerOptions, 'workerData' | 'eval'> = {}): Worker {
  if (!workerPath.endsWith('.ts')) return new Worker(workerPath, { ...options, workerData })
  const source = JSON.stringify(pathToFileURL(workerPath).href)
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${source}) })`, {
    ...options,
    eval: true,
    workerData,
  })
}

/**
 * The worker's first message. Rejects if it throws, or stops before answering (`name` says which
 * worker in that message). A message posted before the worker ends arrives before its exit.
 */
export function firstAnswer<T>(worker: Worker, name: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`${name} stopped with code ${code}.`)))
  })
}
