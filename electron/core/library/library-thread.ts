import { firstAnswer, startWorker } from '../worker-thread'
import type { CopyLibrary } from './backups'

/** What the library worker (the built `library-worker.js`) does: check a library file, or copy it for a backup. */
export type LibraryTask = { kind: 'check'; path: string } | { kind: 'backup'; path: string; to: string }
export type LibraryTaskAnswer = { done: string } | { failed: { message: string; code?: string } }

/** Runs `task` in a worker thread; its failure comes back as thrown there (message and code). */
export async function inLibraryThread(workerPath: string, task: LibraryTask, nativeBinding?: string): Promise<string> {
  const answer = await firstAnswer<LibraryTaskAnswer>(startWorker(workerPath, { task, nativeBinding }), 'The library worker')
  if ('done' in answer) return answer.done
  throw Object.assign(new Error(answer.failed.message), { code: answer.failed.code })
}

/** A backup's copy written in a worker thread on its own connection: the main thread never waits for the file to be synced. */
export function copyInThread(workerPath: string, libraryPath: string, nativeBinding?: string): CopyLibrary {
  return async (to) => {
    await inLibraryThread(workerPath, { kind: 'backup', path: libraryPath, to }, nativeBinding)
  }
}
