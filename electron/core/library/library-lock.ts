import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, resolve } from 'node:path'
import { CultureError } from '../errors'

/**
 * One library, one process: two processes writing one file would each keep their own search index
 * and change feed and never see the other's stories. `<library>.lock` beside it, created with
 * O_EXCL, names the process that has it open; a lock whose process is gone is taken over.
 */
interface LockHolder {
  pid: number
  shell: string
  host: string
  startedAt: string
}

export interface LibraryLock {
  release(): void
}

/** Locks this process holds, by absolute lock path, so a second open in the same process is refused too. */
const held = new Map<string, LockHolder>()

function lockPathOf(libraryPath: string): string {
  return resolve(`${libraryPath}.lock`)
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** true: created; false: someone holds it; null: no lock can be written there (opening will say why). */
function tryCreate(lockPath: string, me: LockHolder): boolean | null {
  let fd: number
  try {
    mkdirSync(dirname(lockPath), { recursive: true })
  } catch {
    return null
  }
  try {
    fd = openSync(lockPath, 'wx')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EISDIR') return null
    throw err
  }
  try {
    writeSync(fd, JSON.stringify(me))
  } finally {
    closeSync(fd)
  }
  return true
}

/** The holder, 'gone' if the lock disappeared, or 'unreadable' (being written, or garbage). */
function readHolder(lockPath: string): LockHolder | 'gone' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(lockPath, 'utf8')
  } catch {
    return 'gone'
  }
  try {
    const h = JSON.parse(text) as LockHolder
    return Number.isInteger(h.pid) && typeof h.shell === 'string' && typeof h.host === 'string' && typeof h.startedAt === 'string'
      ? h
      : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

function isStale(lockPath: string, holder: LockHolder | 'unreadable'): boolean {
  if (holder === 'unreadable') {
    // Written in the same instant it is created; still unreadable after a while, it is a leftover.
    try {
      return Date.now() - statSync(lockPath).mtimeMs > 10_000
    } catch {
      return true
    }
  }
  if (holder.host !== hostname()) return false // another machine's process cannot be checked
  if (holder.pid === process.pid) return !held.has(lockPath) // an earlier process that had our pid
  try {
    process.kill(holder.pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Moves a stale lock aside atomically; if another process replaced it meanwhile, puts that one back. */
function takeOver(lockPath: string, stale: LockHolder | 'unreadable'): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`
  try {
    renameSync(lockPath, aside)
  } catch {
    return // gone already
  }
  const moved = readHolder(aside)
  if (JSON.stringify(moved) !== JSON.stringify(stale)) {
    try {
      linkSync(aside, lockPath)
    } catch {
      // A third process took the place: it holds the library now.
    }
  }
  rmSync(aside, { force: true })
}

function inUse(libraryPath: string, lockPath: string, holder: LockHolder | 'unreadable'): CultureError {
  const where = { path: libraryPath, lockFile: lockPath }
  if (holder === 'unreadable') return new CultureError('library.inUseOpening', where)
  // The owner is how the other process named itself ('the desktop app'), written into the lock file.
  const who = { ...where, owner: holder.shell, pid: String(holder.pid), since: holder.startedAt.slice(0, 16).replace('T', ' ') }
  return holder.host === hostname()
    ? new CultureError('library.inUse', who)
    : new CultureError('library.inUseElsewhere', { ...who, host: holder.host })
}

export function lockLibrary(libraryPath: string, shell = 'another Culture Book process'): LibraryLock {
  const lockPath = lockPathOf(libraryPath)
  const me: LockHolder = { pid: process.pid, shell, host: hostname(), startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 10; attempt++) {
    const created = tryCreate(lockPath, me)
    if (created === null) return { release() {} }
    if (created) {
      held.set(lockPath, me)
      if (held.size === 1) process.once('exit', releaseAll)
      return { release: () => release(lockPath, me) }
    }
    const holder = readHolder(lockPath)
    if (holder === 'gone') continue
    if (isStale(lockPath, holder)) takeOver(lockPath, holder)
    else if (holder === 'unreadable')
      sleep(20) // its holder is writing it this instant
    else throw inUse(libraryPath, lockPath, holder)
  }
  throw inUse(libraryPath, lockPath, 'unreadable')
}

function release(lockPath: string, me: LockHolder): void {
  if (held.get(lockPath) !== me) return
  held.delete(lockPath)
  if (held.size === 0) process.off('exit', releaseAll)
  const current = readHolder(lockPath)
  if (current !== 'gone' && current !== 'unreadable' && current.pid === me.pid && current.startedAt === me.startedAt)
    rmSync(lockPath, { force: true })
}

function releaseAll(): void {
  for (const [lockPath, me] of [...held]) release(lockPath, me)
}
