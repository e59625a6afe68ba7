import { CultureError } from './errors'
import { storageFailure } from './library/storage-failure'

/**
 * Any failure as the error a person is shown: ours as it is, a disk or file problem by its cause,
 * anything else logged in full and reported in one short sentence. Calls and background jobs share it.
 */
export function asCultureError(err: unknown, libraryPath: string, log: (err: unknown) => void): CultureError {
  if (err instanceof CultureError) return err
  const storage = storageFailure(err, libraryPath)
  if (storage) return storage
  log(err)
  return new CultureError('internal', 'Something went wrong inside Culture Book. Nothing was changed.')
}
