import { CultureError } from '../errors'

/**
 * Failures of the disk or the file under a call, named for what the user can do about them instead
 * of "Something went wrong". SQLite rolls the transaction back, and file writes go through temporary
 * files, so nothing was changed. Returns null for anything else, which stays an internal error.
 */
export function storageFailure(err: unknown, libraryPath: string): CultureError | null {
  const { code = '', path } = (err ?? {}) as { code?: unknown; path?: unknown }
  // Node names the file it failed on; SQLite's errors are about the library.
  const where = typeof path === 'string' ? path : libraryPath
  const name = String(code)
  if (name.startsWith('SQLITE_READONLY')) return new CultureError('storage.libraryReadOnly', { path: libraryPath })
  if (name === 'EROFS') return new CultureError('storage.readOnlyDisk', { path: where })
  if (name === 'SQLITE_FULL' || name === 'ENOSPC') return new CultureError('storage.diskFull', { path: where })
  if (name === 'EACCES' || name === 'EPERM') return new CultureError('storage.permissionDenied', { path: where })
  // Another connection (a CSV import's writer thread) held the library past the busy timeout.
  if (name.startsWith('SQLITE_BUSY')) return new CultureError('storage.busy')
  return null
}
