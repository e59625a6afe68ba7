import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CultureError } from '../errors'
import { ownedTempDir } from '../owned-temp'

/**
 * A consistent copy of the library in a temp folder this process removes at exit, taken through a
 * read-only connection. The command line prints from it, so it works while the desktop app or
 * browser mode holds the library, and never writes a byte of it.
 */
export async function snapshotLibrary(libraryPath: string, options: { nativeBinding?: string } = {}): Promise<string> {
  if (!existsSync(libraryPath)) throw new CultureError('library.notExists', { path: libraryPath })
  const copy = join(ownedTempDir('snapshot'), 'library.sqlite')
  let source: Database.Database
  try {
    source = new Database(libraryPath, { readonly: true, fileMustExist: true, ...options })
  } catch (err) {
    throw new CultureError('library.unreadable', { path: libraryPath, reason: (err as Error).message })
  }
  try {
    await source.backup(copy)
  } catch (err) {
    throw new CultureError('library.unreadable', { path: libraryPath, reason: (err as Error).message })
  } finally {
    source.close()
  }
  return copy
}
