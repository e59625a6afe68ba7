import { existsSync, statSync } from 'node:fs'
import { inLibraryThread } from './library-thread'

/**
 * SQLite's quick_check of a library file, run before it is opened, and which file it was run on.
 * At 50,000 stories the check reads the whole file (a third of a second or more): the shells run it
 * in a worker thread so the main thread is free meanwhile, and openLibrary takes its answer instead
 * of checking again, as long as the file is still the one checked.
 */
export interface LibraryCheck {
  path: string
  /** The file (and its WAL) as it was when the check started: any change since means "check again". */
  stamp: string
  /** quick_check's first row: 'ok', or what it found wrong. */
  result: string
}

/** Identifies the file's contents as far as stat can: written, replaced or grown since, it differs. */
export function fileStamp(path: string): string {
  const part = (p: string) => {
    const s = existsSync(p) ? statSync(p, { bigint: true }) : null
    // An empty WAL holds nothing (a read-only connection, the check's own, leaves one behind).
    return s && s.size > 0n ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : '-'
  }
  return `${part(path)}|${part(`${path}-wal`)}`
}

/** The answer a check gave for `path`, when it is still the file's: openLibrary's own check is then skipped. */
export function checkedResult(check: LibraryCheck | null | undefined, path: string): string | null {
  return check && check.path === path && check.stamp === fileStamp(path) ? check.result : null
}

/**
 * Runs quick_check on a read-only connection in a worker thread (the built `library-worker.js`). Null
 * when there is nothing to check or the check could not run (a missing or foreign file, SQLite's own
 * error): openLibrary then finds out itself, as it always did, and says what is wrong the same way.
 */
export async function checkLibraryFile(workerPath: string, path: string, nativeBinding?: string): Promise<LibraryCheck | null> {
  if (!existsSync(path) || statSync(path).isDirectory() || statSync(path).size === 0) return null
  const stamp = fileStamp(path)
  try {
    return { path, stamp, result: await inLibraryThread(workerPath, { kind: 'check', path }, nativeBinding) }
  } catch {
    return null
  }
}
