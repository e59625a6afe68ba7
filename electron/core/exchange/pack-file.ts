import { strToU8, zipSync } from 'fflate'
import { CultureError } from '../errors'
import { PACK_MAX_BYTES } from './pack-types'
import { inflateEntryText, ZipProblem, zipEntries } from './zip-reader'

/** Inside a zipped pack, the pack itself is this one entry. */
export const PACK_ENTRY = 'pack.json'
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
/** A pack this app makes holds one file; an archive tool may add a few (`__MACOSX/…`). */
const MAX_ZIP_ENTRIES = 100
const LIMIT = `${PACK_MAX_BYTES / (1024 * 1024)} MB`

export function zipPack(json: string): Uint8Array {
  return zipSync({ [PACK_ENTRY]: strToU8(json) }, { level: 6 })
}

/**
 * A pack file's bytes as pack JSON text: plain JSON as it is, or a zip holding `pack.json`.
 * A zip is judged by its file list before anything is inflated: any entry named to climb out of
 * its folder, too many entries, or declared sizes over the pack limit (each or together) refuse
 * it. Only `pack.json` is then inflated, and never past its declared size.
 */
export function packText(bytes: Uint8Array): string {
  if (bytes.length > PACK_MAX_BYTES) {
    throw new CultureError('invalid_input', `The pack is too large (over ${LIMIT}, the most a pack may be). Nothing was imported.`)
  }
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b)
  if (!isZip) return new TextDecoder('utf-8').decode(bytes)
  try {
    const entries = zipEntries(bytes)
    const unsafe = entries.find(({ name }) => name.split(/[\\/]/).includes('..') || /^([\\/]|[A-Za-z]:)/.test(name))
    if (unsafe) throw new CultureError('invalid_input', `The zipped pack holds a file with an unsafe name (“${unsafe.name}”). Nothing was imported.`)
    if (entries.length > MAX_ZIP_ENTRIES) {
      throw new CultureError('invalid_input', `The zipped pack holds ${entries.length} files; a pack holds one (at most ${MAX_ZIP_ENTRIES} are looked at). Nothing was imported.`)
    }
    const declared = entries.reduce((sum, e) => sum + e.size, 0)
    if (declared > PACK_MAX_BYTES) {
      const biggest = entries.reduce((a, b) => (b.size > a.size ? b : a))
      throw new CultureError(
        'invalid_input',
        `The zipped pack is too large: its files would unpack to ${declared.toLocaleString('en-US')} bytes (“${biggest.name}” alone ${biggest.size.toLocaleString('en-US')}), over the ${LIMIT} a pack may hold. Nothing was imported.`,
      )
    }
    const pack = entries.find((e) => e.name === PACK_ENTRY)
    if (!pack) throw new CultureError('invalid_input', `The zip holds no ${PACK_ENTRY}; it is not a story pack.`)
    return inflateEntryText(bytes, pack, PACK_MAX_BYTES)
  } catch (err) {
    if (!(err instanceof ZipProblem)) throw err
    const what = err.kind === 'unsupported' ? 'cannot be read' : err.kind === 'too-large' ? `is over the ${LIMIT} a pack may hold` : 'is damaged or cut off'
    throw new CultureError('invalid_input', `The zipped pack ${what}: ${err.message}. Nothing was imported.`)
  }
}
