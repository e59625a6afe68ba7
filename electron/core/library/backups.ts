import Sqlite from 'better-sqlite3'
import type Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { CultureError } from '../errors'
import type { BackupFile } from './backup-file'

export type BackupReason = 'daily' | 'manual' | 'before-migration' | 'before-import' | 'before-restore'

export type { BackupFile } from './backup-file'

const PATTERN = /^(.+)-(\d{8})-(\d{6})-([a-z-]+)\.sqlite$/

/** Backups live in `backups/` beside the library file. */
export function backupDir(libraryPath: string): string {
  return join(dirname(libraryPath), 'backups')
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
}

function backupName(libraryPath: string, at: Date, reason: BackupReason): string {
  return `${basename(libraryPath).replace(/\.sqlite$/, '')}-${stamp(at)}-${reason}.sqlite`
}

export function listBackups(libraryPath: string): BackupFile[] {
  const dir = backupDir(libraryPath)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((name) => ({ name, m: PATTERN.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => !!f.m)
    .map(({ name, m }) => {
      const [d, t] = [m[2], m[3]]
      return {
        path: join(dir, name),
        name,
        takenAt: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`,
        reason: m[4],
        bytes: statSync(join(dir, name)).size,
      }
    })
    .sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1))
}

function failed(err: unknown): CultureError {
  const code = (err as NodeJS.ErrnoException).code
  const why = code === 'ENOSPC' || /full/i.test(String((err as Error).message)) ? 'the disk is full' : (err as Error).message
  return new CultureError('internal', `The backup could not be written (${why}). The library itself is unchanged.`)
}

/** SQLite's online backup into a temporary file, renamed into place only when complete. */
export async function takeBackup(db: Database.Database, libraryPath: string, reason: BackupReason, now = new Date()): Promise<BackupFile> {
  const dir = backupDir(libraryPath)
  mkdirSync(dir, { recursive: true })
  const final = join(dir, backupName(libraryPath, now, reason))
  const temp = `${final}.partial`
  try {
    await db.backup(temp)
    renameSync(temp, final)
  } catch (err) {
    rmSync(temp, { force: true })
    throw failed(err)
  }
  rotateBackups(libraryPath)
  return listBackups(libraryPath).find((b) => b.path === final)!
}

/** The same, synchronously, for the moment before a migration (VACUUM INTO writes a consistent copy). */
export function takeBackupSync(db: Database.Database, libraryPath: string, reason: BackupReason, now = new Date()): void {
  const dir = backupDir(libraryPath)
  mkdirSync(dir, { recursive: true })
  const final = join(dir, backupName(libraryPath, now, reason))
  const temp = `${final}.partial`
  try {
    db.prepare('VACUUM INTO ?').run(temp)
    renameSync(temp, final)
  } catch (err) {
    rmSync(temp, { force: true })
    throw failed(err)
  }
}

/**
 * Keeps the newest backup of each of the last 7 days, 4 weeks and 12 months that have one; the
 * newest backup of all is always kept.
 */
export function rotateBackups(libraryPath: string): string[] {
  const all = listBackups(libraryPath)
  const keep = new Set<string>(all.slice(0, 1).map((b) => b.path))
  const buckets = (key: (d: Date) => string, count: number) => {
    const seen = new Set<string>()
    for (const b of all) {
      const k = key(new Date(b.takenAt))
      if (seen.has(k)) continue
      seen.add(k)
      if (seen.size > count) break
      keep.add(b.path)
    }
  }
  const week = (d: Date) => {
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)))
    return monday.toISOString().slice(0, 10)
  }
  buckets((d) => d.toISOString().slice(0, 10), 7)
  buckets(week, 4)
  buckets((d) => d.toISOString().slice(0, 7), 12)
  const removed = all.filter((b) => !keep.has(b.path)).map((b) => b.path)
  for (const path of removed) rmSync(path, { force: true })
  return removed
}

/** At start: one backup a day at most. */
export async function backupIfDue(db: Database.Database, libraryPath: string, now = new Date()): Promise<BackupFile | null> {
  const today = now.toISOString().slice(0, 10)
  if (listBackups(libraryPath).some((b) => b.takenAt.startsWith(today))) return null
  return takeBackup(db, libraryPath, 'daily', now)
}

/**
 * Puts a backup's contents into the open library, in place, after backing up the current state.
 * SQLite's backup API copies page by page in one transaction, so the open connection stays valid.
 */
export async function restoreBackup(db: Database.Database, libraryPath: string, backup: string): Promise<BackupFile> {
  const known = listBackups(libraryPath).find((b) => b.path === backup || b.name === backup)
  if (!known) throw new CultureError('not_found', 'That backup is not in the library’s backups folder.')
  const safety = await takeBackup(db, libraryPath, 'before-restore')
  const Database = db.constructor as new (path: string, options?: object) => Database.Database
  const source = new Database(known.path, { readonly: true, fileMustExist: true })
  try {
    const check = source.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new CultureError('library', `The backup ${known.name} is damaged (${check}); nothing was restored.`)
    await source.backup(libraryPath)
  } finally {
    source.close()
  }
  return safety
}

/**
 * For a library that cannot be opened (damaged, or missing with backups beside it): sets the file
 * and its -wal/-shm aside under a dated name, never deleting them, and puts the newest backup that
 * passes an integrity check in its place. Returns that backup.
 */
export function recoverFromNewestBackup(libraryPath: string, open: (path: string) => Database.Database): BackupFile {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(libraryPath + suffix)) renameSync(libraryPath + suffix, `${libraryPath}.damaged-${stamp}${suffix}`)
  }
  for (const backup of listBackups(libraryPath)) {
    let db: Database.Database | null = null
    try {
      db = open(backup.path)
      if (db.pragma('quick_check', { simple: true }) !== 'ok') continue
    } catch {
      continue
    } finally {
      db?.close()
    }
    copyFileSync(backup.path, `${libraryPath}.restoring`)
    renameSync(`${libraryPath}.restoring`, libraryPath)
    return backup
  }
  throw new CultureError('library', `No backup of "${libraryPath}" passes an integrity check. The damaged file was kept beside it.`)
}

/** Opens a backup read-only to check it, with the same native binding the library uses. */
export function readonlyOpener(nativeBinding?: string): (path: string) => Database.Database {
  return (path: string) => new Sqlite(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
}
