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
  const unchanged = 'Nothing was changed.'
  if (name.startsWith('SQLITE_READONLY')) {
    return new CultureError(
      'library',
      `The library "${libraryPath}" is read-only: its file, its folder or its disk does not allow changes. Make it writable, or open a copy, to save. ${unchanged}`,
    )
  }
  if (name === 'EROFS') return new CultureError('library', `"${where}" is on a read-only disk. ${unchanged}`)
  if (name === 'SQLITE_FULL' || name === 'ENOSPC') {
    return new CultureError('library', `The disk that holds "${where}" is full. Free some space, then try again. ${unchanged}`)
  }
  if (name === 'EACCES' || name === 'EPERM') {
    return new CultureError('library', `Culture Book may not write to "${where}" (permission denied). ${unchanged}`)
  }
  return null
}
