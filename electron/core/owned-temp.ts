import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Temp folders Culture Book makes for itself (a demo library, book previews). Each carries the
 * process id in its name, `culture-book-demo-<pid>-XXXXXX`, so a later run can tell a folder left by
 * a crash (its process is gone) from one another running copy still uses.
 */
export type TempKind = 'demo' | 'preview' | 'snapshot'

const OWNED = /^culture-book-(demo|preview|snapshot)-(?:(\d+)-)?[A-Za-z0-9]{6}$/
/** Folders from before names carried a process id: taken as abandoned once they are this old. */
const LEGACY_MAX_AGE_MS = 24 * 3600_000

const made = new Set<string>()
let previews: string | null = null
let exitHook = false

/** A new, empty temp folder that this process removes when it exits. */
export function ownedTempDir(kind: TempKind, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, `culture-book-${kind}-${process.pid}-`))
  made.add(dir)
  if (!exitHook) {
    // A fallback for exits the shells do not see coming; they remove the folders themselves first.
    process.once('exit', removeOwnedTempDirs)
    exitHook = true
  }
  return dir
}

/** The one folder this process keeps its book previews in. */
export function previewDir(): string {
  if (!previews || !made.has(previews)) previews = ownedTempDir('preview')
  return previews
}

/** Removes every temp folder this process made. Call after closing the library that lives in one. */
export function removeOwnedTempDirs(): void {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // Still in use (Windows keeps open files): the next start sweeps it.
    }
    made.delete(dir)
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes our temp folders that earlier runs left behind when they crashed: only names we make,
 * only real folders (never a link), only when their process is gone. Returns what it removed.
 */
export function sweepStaleTempDirs(parent = tmpdir(), isAlive = processAlive, now = Date.now()): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    return removed
  }
  for (const name of names) {
    const match = OWNED.exec(name)
    if (!match) continue
    const path = join(parent, name)
    try {
      const stat = lstatSync(path)
      if (!stat.isDirectory()) continue
      const pid = match[2] ? Number(match[2]) : null
      if (pid === null ? now - stat.mtimeMs < LEGACY_MAX_AGE_MS : pid === process.pid || isAlive(pid)) continue
      rmSync(path, { recursive: true, force: true })
      removed.push(path)
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed
}
