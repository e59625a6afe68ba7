import { Worker } from 'node:worker_threads'
import type { CopyLibrary } from './backups'

/** What the library worker (the built `library-worker.js`) does: check a library file, or copy it for a backup. */
export type LibraryTask = { kind: 'check'; path: string } | { kind: 'backup'; path: string; to: string }
export type LibraryTaskAnswer = { done: string } | { failed: { message: string; code?: string } }

/** Runs `task` in a worker thread; its failure comes back as thrown there (message and code). */
export function inLibraryThread(workerPath: string, task: LibraryTask, nativeBinding?: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: { task, nativeBinding } })
    worker.once('message', (answer: LibraryTaskAnswer) => {
      if ('done' in answer) resolve(answer.done)
      else reject(Object.assign(new Error(answer.failed.message), { code: answer.failed.code }))
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`The library worker stopped with code ${code}.`)))
  })
}

/** A backup's copy written in a worker thread on its own connection: the main thread never waits for the file to be synced. */
export function copyInThread(workerPath: string, libraryPath: string, nativeBinding?: string): CopyLibrary {
  return async (to) => {
    await inLibraryThread(workerPath, { kind: 'backup', path: libraryPath, to }, nativeBinding)
  }
}
