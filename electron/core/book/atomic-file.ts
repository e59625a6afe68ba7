import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { CultureError } from '../errors'

/**
 * Writes the whole file beside its destination, flushes it, then renames it into place: a reader
 * sees the old file or the new one, never half of one. On any failure the temporary file goes.
 */
export function writeFileAtomically(path: string, data: Uint8Array | string): void {
  const folder = dirname(path)
  const temp = join(folder, `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`)
  let fd: number
  try {
    fd = openSync(temp, 'w')
  } catch (err) {
    throw new CultureError('file.cannotWriteFolder', { folder, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message })
  }
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
    closeSync(fd)
    renameSync(temp, path)
  } catch (err) {
    try {
      closeSync(fd)
    } catch {
      /* already closed */
    }
    rmSync(temp, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    throw code === 'ENOSPC'
      ? new CultureError('file.writeFailedDiskFull', { path })
      : new CultureError('file.writeFailed', { path, reason: code ?? (err as Error).message }, [], { cause: err })
  }
}
