import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CultureError } from '../errors'

/** The temporary file beside the destination: hidden, unique, and recognisable as unfinished. */
function partialBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`)
}

function cannotOpen(path: string, err: unknown): CultureError {
  return new CultureError('file.cannotWriteFolder', {
    folder: dirname(path),
    reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
  })
}

function writeFailed(path: string, err: unknown): CultureError {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOSPC'
    ? new CultureError('file.writeFailedDiskFull', { path })
    : new CultureError('file.writeFailed', { path, reason: code ?? (err as Error).message }, [], { cause: err })
}

const bytesOf = (data: Uint8Array | string) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data)

/**
 * Writes the whole file beside its destination, flushes it, then renames it into place: a reader
 * sees the old file or the new one, never half of one. On any failure the temporary file goes.
 */
export function writeFileAtomically(path: string, data: Uint8Array | string): void {
  const temp = partialBeside(path)
  let fd: number
  try {
    fd = openSync(temp, 'w')
  } catch (err) {
    throw cannotOpen(path, err)
  }
  try {
    const bytes = bytesOf(data)
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
    throw writeFailed(path, err)
  }
}

/**
 * The same, with the writing and flushing on libuv's threads: a book's tens of megabytes and their
 * fsync never hold up the main process's other calls.
 */
export async function writeFileAtomicallyInBackground(path: string, data: Uint8Array | string): Promise<void> {
  const temp = partialBeside(path)
  const file = await open(temp, 'w').catch((err: unknown) => {
    throw cannotOpen(path, err)
  })
  let closed = false
  try {
    await file.writeFile(bytesOf(data))
    await file.sync()
    await file.close()
    closed = true
    await rename(temp, path)
  } catch (err) {
    if (!closed) await file.close().catch(() => {})
    await rm(temp, { force: true })
    throw writeFailed(path, err)
  }
}
