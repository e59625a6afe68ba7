import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { CultureError } from './errors'

/** Enough for a busy day; past it something is wrong, and saying so beats looping. */
const MAX_COPIES = 1000

/**
 * Claims a free name in `dir`: `stem.ext`, then `stem (2).ext`, `stem (3).ext` … The name is created
 * at once (an empty file with O_EXCL, or a folder with a plain mkdir), so two jobs, or two
 * processes, exporting at the same moment can never pick the same name and overwrite each other.
 * Writers then replace the empty file in place (writeFileAtomically renames over it).
 */
export function reserveExportName(dir: string, stem: string, ext: string, kind: 'file' | 'folder' = 'file'): string {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (err) {
    throw new CultureError('file.cannotCreateFolder', {
      folder: dir,
      reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
    })
  }
  for (let n = 1; n <= MAX_COPIES; n++) {
    const path = join(dir, `${stem}${n === 1 ? '' : ` (${n})`}${ext}`)
    try {
      if (kind === 'folder') mkdirSync(path)
      else closeSync(openSync(path, 'wx'))
      return path
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') continue
      throw new CultureError('file.cannotWriteFolder', { folder: dir, reason: code ?? (err as Error).message })
    }
  }
  throw new CultureError('file.tooManyCopies', { count: MAX_COPIES, stem, folder: dir })
}

/**
 * Runs the export into a reserved name; if it fails or is cancelled, the name is given back, so
 * neither an empty placeholder nor a half-written folder stays behind.
 */
export async function fillReserved<T>(path: string, write: () => T | Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    rmSync(path, { recursive: true, force: true })
    throw err
  }
}
