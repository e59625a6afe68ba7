import { randomBytes } from 'node:crypto'
import { CultureError } from './errors'
import type { Logger } from './logger'
import { storageFailure } from './library/storage-failure'

/**
 * An unexpected failure, logged in full once under a short reference id, and the error a person is
 * shown instead: one sentence and the same id, so a support request finds the log entry.
 */
export function unexpected(err: unknown, log: Logger): CultureError {
  const ref = randomBytes(4).toString('hex')
  log.error({ err, ref }, `Unexpected failure (reference ${ref})`)
  const shown = err instanceof CultureError ? err : new CultureError('internal.unexpected', {}, [], { cause: err })
  return shown.withRef(ref)
}

/**
 * Any failure as the error a person is shown: ours as it is, a disk or file problem by its cause,
 * anything else (and our own internal errors) logged in full with a reference id. Calls, background
 * jobs and browser mode share it; an error already given a reference is not logged again.
 */
export function asCultureError(err: unknown, libraryPath: string, log: Logger): CultureError {
  if (err instanceof CultureError && (err.kind !== 'internal' || err.ref)) return err
  const storage = err instanceof CultureError ? null : storageFailure(err, libraryPath)
  if (storage) {
    log.warn({ err, code: storage.code }, storage.message)
    return storage
  }
  return unexpected(err, log)
}
