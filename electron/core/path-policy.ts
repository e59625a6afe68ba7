import { realpathSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { CultureError } from './errors'

/**
 * Which paths a caller of the contract may name. The contract is reachable by any page the shell
 * trusts, so a path in an argument is never taken on faith: the shell decides what it may mean.
 * Each check returns the path to use, or throws a CultureError that says why not.
 */
export interface PathPolicy {
  /** A file the caller wants written (a book saved under a name of its choosing). */
  allowWrite(path: string): string
  /** A folder the caller wants read (a Markdown folder to import). */
  allowRead(folder: string): string
}

function isInside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)
}

function realOrExplain(path: string, missing: 'path.noFolder' | 'path.noExportFolder'): string {
  try {
    return realpathSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CultureError(missing, { path })
    throw new CultureError('path.unreachable', { path, reason: code ?? (err as Error).message })
  }
}

/**
 * Browser mode: a page on 127.0.0.1 may only reach into the export folder. Relative names are read
 * from there; links and `..` are followed first and then checked, so neither can lead outside.
 */
export function exportFolderPolicy(exportDir: string): PathPolicy {
  const outside = (path: string) => new CultureError('path.outsideExportFolder', { exportDir, path })
  const root = () => realOrExplain(exportDir, 'path.noExportFolder')
  return {
    allowWrite(path) {
      const wanted = resolve(exportDir, path)
      const folder = realOrExplain(dirname(wanted), 'path.noFolder')
      if (!isInside(folder, root())) throw outside(path)
      return join(folder, basename(wanted))
    },
    allowRead(folder) {
      const real = realOrExplain(resolve(exportDir, folder), 'path.noFolder')
      if (!isInside(real, root())) throw outside(folder)
      if (!statSync(real).isDirectory()) throw new CultureError('path.notAFolder', { path: folder })
      return real
    },
  }
}

/**
 * The desktop app: only what the user picked in a native dialog a moment ago. The main process
 * grants a path when a dialog returns it; a save grant is used once, a folder grant lasts minutes.
 */
export class DialogGrants implements PathPolicy {
  private readonly grants = new Map<string, { kind: 'write' | 'read'; until: number }>()

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now = () => Date.now(),
  ) {}

  grant(path: string, kind: 'write' | 'read'): void {
    for (const [key, old] of this.grants) if (old.until < this.now()) this.grants.delete(key)
    this.grants.set(resolve(path), { kind, until: this.now() + this.ttlMs })
  }

  allowWrite(path: string): string {
    const key = this.take(path, 'write')
    this.grants.delete(key)
    return key
  }

  allowRead(folder: string): string {
    return this.take(folder, 'read')
  }

  private take(path: string, kind: 'write' | 'read'): string {
    const key = resolve(path)
    const grant = this.grants.get(key)
    if (!grant || grant.kind !== kind || grant.until < this.now()) {
      throw new CultureError(kind === 'write' ? 'path.saveNotChosen' : 'path.folderNotChosen', { path })
    }
    return key
  }
}
