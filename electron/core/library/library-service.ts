import type Database from 'better-sqlite3'
import type { LibraryInfo } from '../api'
import { silentLogger, type Logger } from '../logger'
import type { StoryRevisions } from '../stories/story-revisions'
import type { BackupFile } from './backup-file'
import { backupDir, backupIfDue, listBackups, takeBackup, type CopyLibrary } from './backups'
import { readLibraryId } from './library-identity'
import { restoreBackup } from './restore-backup'

export interface RestoreSummary {
  restored: string
  restoredTakenAt: string
  safetyBackup: string
}

/**
 * The library file as a whole: what it is, its backups, and putting one back. Every caller (the app's
 * button, the desktop File menu, the start-up backup) goes through here, so none can skip a step.
 */
export class LibraryService {
  constructor(
    private db: Database.Database,
    private info_: LibraryInfo,
    private revisions: StoryRevisions,
    /** Every window and index reloads after the contents were replaced in place. */
    private afterRestore: () => void,
    /** How a backup's copy is written: in the shell's worker thread, or on this connection. */
    private copy?: CopyLibrary,
    /** One line per backup written and per restore (a team server's operators read it). */
    private log: Logger = silentLogger,
  ) {}

  get path(): string {
    return this.info_.path
  }

  /** Where the backups live, for a file dialog to start in. */
  get backupFolder(): string {
    return backupDir(this.path)
  }

  info(): LibraryInfo {
    return { ...this.info_ }
  }

  /** This library's backups only, not those of another library that once had the same name. */
  backups(): BackupFile[] {
    return listBackups(this.path, readLibraryId(this.db) ?? undefined)
  }

  async backupNow(): Promise<BackupFile> {
    return this.afterBackup(this.logged(await takeBackup(this.db, this.path, 'manual', new Date(), [], this.copy)))
  }

  /** The safety copy an import takes before it writes, copied where the other backups are. */
  async backupBeforeImport(): Promise<BackupFile> {
    return this.logged(await takeBackup(this.db, this.path, 'before-import', new Date(), [], this.copy))
  }

  /** At start: one backup a day at most; null when today's is there already. */
  async backupIfDue(): Promise<BackupFile | null> {
    const backup = await backupIfDue(this.db, this.path, new Date(), this.copy)
    return backup && this.afterBackup(this.logged(backup))
  }

  /** `name` is a backup's file name, or its path as a file dialog picked it. */
  async restore(name: string): Promise<RestoreSummary> {
    const { restored, safety } = await restoreBackup(this.db, this.path, name)
    this.logged(safety)
    this.log.info(
      { restored: restored.name, restoredTakenAt: restored.takenAt, safetyBackup: safety.name },
      'Library restored from a backup',
    )
    this.afterRestore()
    return { restored: restored.name, restoredTakenAt: restored.takenAt, safetyBackup: safety.name }
  }

  private logged(backup: BackupFile): BackupFile {
    this.log.info({ backup: backup.name, reason: backup.reason, bytes: backup.bytes }, 'Backup written')
    return backup
  }

  private afterBackup(backup: BackupFile): BackupFile {
    // Once a backup holds them, the last snapshots of stories deleted for good can go.
    // The library may have been closed while the backup ran (a quick quit): nothing to prune then.
    if (this.db.open) this.revisions.pruneDeleted()
    return backup
  }
}
