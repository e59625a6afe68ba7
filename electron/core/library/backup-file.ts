/** One backup of the library, as the backups folder holds it. */
export interface BackupFile {
  path: string
  name: string
  takenAt: string
  reason: string
  bytes: number
}
