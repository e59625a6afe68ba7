import type { BackupFile } from './backup-file'
import { listBackups, readonlyOpener, recoverFromNewestBackup } from './backups'
import { RecoverableLibraryError } from './open-library'

export interface RecoveryPolicy {
  /**
   * Asked only when the library is damaged, or missing with backups beside it, and a backup could
   * take its place: true puts the newest good one there. The desktop app asks the user; browser
   * mode answers with its --restore-newest-backup flag.
   */
  restoreNewest(problem: RecoverableLibraryError, newest: BackupFile): boolean
  /** better-sqlite3's addon, as the library is opened with, for checking the backups. */
  nativeBinding?: string
}

/**
 * Opens a library; if it cannot be opened but a backup could replace it, and the policy says so,
 * sets the failed file aside (kept, never deleted), puts the newest good backup in its place and
 * opens that. Anything else, a refusal included, is thrown for the shell to tell.
 */
export function openWithRecovery<T>(
  path: string,
  open: (path: string) => T,
  policy: RecoveryPolicy,
): { core: T; restored: BackupFile | null } {
  try {
    return { core: open(path), restored: null }
  } catch (err) {
    const [newest] = err instanceof RecoverableLibraryError ? listBackups(path) : []
    if (!newest || !policy.restoreNewest(err as RecoverableLibraryError, newest)) throw err
  }
  const restored = recoverFromNewestBackup(path, readonlyOpener(policy.nativeBinding))
  return { core: open(path), restored }
}
