/** One backup of the library, as the backups folder holds it. */
export interface BackupFile {
  path: string
  name: string
  takenAt: string
  reason: string
  bytes: number
  /**
   * Backups made on purpose or before a risky step are kept at least until this instant, whatever
   * the rotation does; null for the automatic daily ones, which the 7/4/12 rotation thins out.
   */
  keptUntil: string | null
}
