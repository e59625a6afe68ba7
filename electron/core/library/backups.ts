import Sqlite from 'better-sqlite3'
import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { CultureError } from '../errors'
import type { BackupFile } from './backup-file'
import { backupTag, readLibraryId } from './library-identity'

export type BackupReason = 'daily' | 'manual' | 'before-migration' | 'before-import' | 'before-restore'

export type { BackupFile } from './backup-file'

/** Backups a person made on purpose, or that guard an import, restore or upgrade, live at least this long. */
export const GUARDED_DAYS = 30
const DAY_MS = 24 * 60 * 60 * 1000

const REASONS = 'daily|manual|before-migration|before-import|before-restore'
/**
 * `<file>-<library tag>-YYYYMMDD-HHMMSS-mmm-<random>-<reason>.sqlite`: the file name and id say whose
 * backup it is; milliseconds and a random part make two backups taken at once two files.
 */
const NAMED = new RegExp(`^(.+)-([0-9a-f]{8})-(\\d{8})-(\\d{6})-(\\d{3})-([0-9a-z]{6})-(${REASONS})\\.sqlite$`)
/** Before libraries had an id (format 9 and older): `<file>-YYYYMMDD-HHMMSS-<reason>.sqlite`. */
const OLD_STYLE = new RegExp(`^(.+)-(\\d{8})-(\\d{6})-(${REASONS})\\.sqlite$`)

interface BackupName {
  file: string
  tag: string | null
  takenAt: string
  reason: BackupReason
}

function parseName(name: string): BackupName | null {
  const iso = (d: string, t: string, ms: string) =>
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${ms}Z`
  const m = NAMED.exec(name)
  if (m) return { file: m[1], tag: m[2], takenAt: iso(m[3], m[4], m[5]), reason: m[7] as BackupReason }
  const old = OLD_STYLE.exec(name)
  if (old) return { file: old[1], tag: null, takenAt: iso(old[2], old[3], '000'), reason: old[4] as BackupReason }
  return null
}

/** Backups live in `backups/` beside the library file. */
export function backupDir(libraryPath: string): string {
  return join(dirname(libraryPath), 'backups')
}

function fileStem(libraryPath: string): string {
  return basename(libraryPath).replace(/\.sqlite$/, '')
}

/** A free path for a new backup; its temporary `.partial` twin is free too. */
function newBackupPath(libraryPath: string, libraryId: string, at: Date, reason: BackupReason): string {
  const dir = backupDir(libraryPath)
  mkdirSync(dir, { recursive: true })
  const iso = at.toISOString()
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}`
  for (;;) {
    const random = Array.from(randomBytes(6), (b) => (b % 36).toString(36)).join('')
    const path = join(dir, `${fileStem(libraryPath)}-${backupTag(libraryId)}-${stamp}-${random}-${reason}.sqlite`)
    if (!existsSync(path) && !existsSync(`${path}.partial`)) return path
  }
}

function describe(path: string, parsed: BackupName, bytes: number): BackupFile {
  const guarded = parsed.reason !== 'daily'
  return {
    path,
    name: basename(path),
    takenAt: parsed.takenAt,
    reason: parsed.reason,
    bytes,
    keptUntil: guarded ? new Date(Date.parse(parsed.takenAt) + GUARDED_DAYS * DAY_MS).toISOString() : null,
  }
}

/**
 * This library's backups, newest first, exactly as the folder holds them. With the library's id,
 * only its own (and old-style ones of its file name); without (a library missing or too damaged
 * to read), every backup of its file name.
 */
export function listBackups(libraryPath: string, libraryId?: string): BackupFile[] {
  const dir = backupDir(libraryPath)
  const stem = fileStem(libraryPath)
  const tag = libraryId === undefined ? null : backupTag(libraryId)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const found: BackupFile[] = []
  for (const name of names) {
    const parsed = parseName(name)
    if (!parsed || parsed.file !== stem || (tag && parsed.tag && parsed.tag !== tag)) continue
    let bytes: number
    try {
      bytes = statSync(join(dir, name)).size
    } catch {
      continue // removed since the folder was read
    }
    found.push(describe(join(dir, name), parsed, bytes))
  }
  return found.sort((a, b) => (a.takenAt === b.takenAt ? (a.name < b.name ? 1 : -1) : a.takenAt < b.takenAt ? 1 : -1))
}

function libraryIdOf(db: Database.Database): string {
  const id = readLibraryId(db)
  if (!id) throw new CultureError('library.noId')
  return id
}

function failed(err: unknown): CultureError {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOSPC' || /full/i.test(String((err as Error).message)))
    return new CultureError('backup.writeFailedDiskFull', {}, [], { cause: err })
  return new CultureError('backup.writeFailed', { reason: (err as Error).message }, [], { cause: err })
}

/**
 * A copy of a WAL library is a WAL file too, and every read-only look at one (a listing check, a
 * restore) would leave -wal and -shm files beside it. A backup is a single self-contained file.
 */
function outOfWal(db: Database.Database, path: string): void {
  const Database = db.constructor as new (path: string) => Database.Database
  const copy = new Database(path)
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
}

/**
 * Backups taken before they were made self-contained are WAL files: reading one leaves an empty
 * -wal and an -shm beside it, which are removed once it is closed.
 */
export function removeReaderLeftovers(backupPath: string): void {
  try {
    if (statSync(`${backupPath}-wal`).size > 0) return
  } catch {
    return
  }
  for (const suffix of ['-wal', '-shm']) rmSync(backupPath + suffix, { force: true })
}

/** A backup is written to `<final>.partial` and renamed into place only when complete; a failed one leaves nothing. */
function abandon(temp: string, err: unknown): never {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true })
  throw failed(err)
}

/** Writes a consistent, self-contained copy of the library to `temp`. */
export type CopyLibrary = (temp: string) => Promise<void>

/**
 * SQLite's online backup of `db` into `temp`, made a single file. Its last step writes and syncs the
 * whole copy (140 ms for a 160 MB library): the shells run it in a worker thread (library-thread.ts).
 */
export async function copyLibrary(db: Database.Database, temp: string): Promise<void> {
  await db.backup(temp)
  outOfWal(db, temp)
}

/**
 * SQLite's online backup into a new file, then the rotation. `keep` names files the rotation must
 * leave alone (the backup about to be restored); the one just written is never removed either.
 * `copy` writes it: on this connection unless the shell lends a worker thread.
 */
export async function takeBackup(
  db: Database.Database,
  libraryPath: string,
  reason: BackupReason,
  now = new Date(),
  keep: string[] = [],
  copy: CopyLibrary = (temp) => copyLibrary(db, temp),
): Promise<BackupFile> {
  const libraryId = libraryIdOf(db)
  const final = newBackupPath(libraryPath, libraryId, now, reason)
  const temp = `${final}.partial`
  try {
    await copy(temp)
    renameSync(temp, final)
  } catch (err) {
    abandon(temp, err)
  }
  rotateBackups(libraryPath, { libraryId, now, keep: [final, ...keep] })
  return describe(final, parseName(basename(final))!, statSync(final).size)
}

/**
 * The same, synchronously, for the moment before a migration (VACUUM INTO writes a consistent copy).
 * Named with the id the library has, or is about to get from the migration.
 */
export function takeBackupSync(
  db: Database.Database,
  libraryPath: string,
  reason: BackupReason,
  libraryId: string,
  now = new Date(),
): void {
  const final = newBackupPath(libraryPath, libraryId, now, reason)
  const temp = `${final}.partial`
  try {
    db.prepare('VACUUM INTO ?').run(temp)
    outOfWal(db, temp)
    renameSync(temp, final)
  } catch (err) {
    abandon(temp, err)
  }
}

/**
 * Removes the `.partial` files of this library's backups that a killed process left behind.
 * Only called by the process that holds the library's lock, so no backup of it is being written.
 */
export function removeStalePartials(libraryPath: string): string[] {
  const dir = backupDir(libraryPath)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const stale = names.filter((n) => {
    const partial = /^(.+)\.partial(-wal|-shm|-journal)?$/.exec(n)
    return !!partial && parseName(partial[1])?.file === fileStem(libraryPath)
  })
  for (const name of stale) rmSync(join(dir, name), { force: true })
  return stale
}

/**
 * Guarded backups (anything but 'daily') younger than GUARDED_DAYS are all kept. The others keep the
 * newest of each of the last 7 days, 4 weeks and 12 months that have one; the newest backup of all
 * and the files named in `keep` are always kept.
 */
export function rotateBackups(libraryPath: string, options: { libraryId: string; now?: Date; keep?: string[] }): string[] {
  const all = listBackups(libraryPath, options.libraryId)
  const guardedSince = (options.now ?? new Date()).getTime() - GUARDED_DAYS * DAY_MS
  const guarded = (b: BackupFile) => b.reason !== 'daily' && Date.parse(b.takenAt) > guardedSince
  const keep = new Set<string>([...(options.keep ?? []), ...all.slice(0, 1).map((b) => b.path), ...all.filter(guarded).map((b) => b.path)])
  const rotating = all.filter((b) => !guarded(b))
  const buckets = (key: (d: Date) => string, count: number) => {
    const seen = new Set<string>()
    for (const b of rotating) {
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
export async function backupIfDue(
  db: Database.Database,
  libraryPath: string,
  now = new Date(),
  copy?: CopyLibrary,
): Promise<BackupFile | null> {
  const today = now.toISOString().slice(0, 10)
  if (listBackups(libraryPath, libraryIdOf(db)).some((b) => b.takenAt.startsWith(today))) return null
  return takeBackup(db, libraryPath, 'daily', now, [], copy)
}

/**
 * For a library that cannot be opened (damaged, or missing with backups beside it): sets the file
 * and its -wal/-shm aside under a dated name, never deleting them, and puts the newest backup that
 * passes an integrity check in its place. Returns that backup.
 */
export function recoverFromNewestBackup(libraryPath: string, open: (path: string) => Database.Database): BackupFile {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 18)
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(libraryPath + suffix)) renameSync(libraryPath + suffix, `${libraryPath}.damaged-${stamp}${suffix}`)
  }
  for (const backup of listBackups(libraryPath)) {
    let db: Database.Database | undefined
    try {
      db = open(backup.path)
      if (db.pragma('quick_check', { simple: true }) !== 'ok') continue
    } catch {
      continue
    } finally {
      db?.close()
      removeReaderLeftovers(backup.path)
    }
    copyFileSync(backup.path, `${libraryPath}.restoring`)
    renameSync(`${libraryPath}.restoring`, libraryPath)
    return backup
  }
  throw new CultureError('backup.noneIntact', { path: libraryPath })
}

/** Opens a backup read-only to check it, with the same native binding the library uses. */
export function readonlyOpener(nativeBinding?: string): (path: string) => Database.Database {
  return (path: string) => new Sqlite(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
}
