import { strToU8, zipSync } from 'fflate'
import { CultureError, fieldIssue } from '../errors'
import { PACK_MAX_BYTES } from './pack-types'
import { runAtOnce, type Steps } from './slices'
import { inflateEntry, ZipProblem, zipEntries } from './zip-reader'

/** Inside a zipped pack, the pack itself is this one entry. */
export const PACK_ENTRY = 'pack.json'
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
/** A pack this app makes holds one file; an archive tool may add a few (`__MACOSX/…`). */
const MAX_ZIP_ENTRIES = 100
const LIMIT_MB = PACK_MAX_BYTES / (1024 * 1024)

export function zipPack(json: string): Uint8Array {
  return zipSync({ [PACK_ENTRY]: strToU8(json) }, { level: 6 })
}

/**
 * A pack file's bytes as pack JSON text: plain JSON as it is, or a zip holding `pack.json`.
 */
export function packText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(runAtOnce(packJson(bytes)))
}

/**
 * A pack file's JSON, as bytes: the file itself, or what a zip holds as `pack.json`.
 * A zip is judged by its file list before anything is inflated: any entry named to climb out of
 * its folder, too many entries, or declared sizes over the pack limit (each or together) refuse
 * it. Only `pack.json` is then inflated, a slice at a time, and never past its declared size.
 */
export function* packJson(bytes: Uint8Array): Steps<Uint8Array> {
  if (bytes.length > PACK_MAX_BYTES) {
    throw new CultureError('pack.tooLarge', { max: LIMIT_MB })
  }
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b)
  if (!isZip) return bytes
  try {
    const entries = zipEntries(bytes)
    const unsafe = entries.find(({ name }) => name.split(/[\\/]/).includes('..') || /^([\\/]|[A-Za-z]:)/.test(name))
    if (unsafe) throw new CultureError('pack.unsafeName', { name: unsafe.name })
    if (entries.length > MAX_ZIP_ENTRIES) {
      throw new CultureError('pack.tooManyFiles', { count: entries.length, max: MAX_ZIP_ENTRIES })
    }
    const declared = entries.reduce((sum, e) => sum + e.size, 0)
    if (declared > PACK_MAX_BYTES) {
      const biggest = entries.reduce((a, b) => (b.size > a.size ? b : a))
      throw new CultureError('pack.zipTooLarge', { total: declared, name: biggest.name, size: biggest.size, max: LIMIT_MB })
    }
    const pack = entries.find((e) => e.name === PACK_ENTRY)
    if (!pack) throw new CultureError('pack.noPackEntry', { entry: PACK_ENTRY })
    return yield* inflateEntry(bytes, pack, PACK_MAX_BYTES)
  } catch (err) {
    if (!(err instanceof ZipProblem)) throw err
    const code = err.kind === 'unsupported' ? 'pack.zipUnreadable' : err.kind === 'too-large' ? 'pack.zipOverLimit' : 'pack.zipDamaged'
    throw new CultureError(code, { max: LIMIT_MB }, [fieldIssue('', err.code, err.params)])
  }
}
