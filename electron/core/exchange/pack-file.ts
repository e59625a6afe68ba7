import { strToU8, unzipSync, zipSync } from 'fflate'
import { CultureError } from '../errors'

/** Inside a zipped pack, the pack itself is this one entry. */
export const PACK_ENTRY = 'pack.json'
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]

export function zipPack(json: string): Uint8Array {
  return zipSync({ [PACK_ENTRY]: strToU8(json) }, { level: 6 })
}

/**
 * A pack file's bytes as pack JSON text: plain JSON as it is, or a zip holding `pack.json`.
 * A zip with any entry named to climb out of its folder is refused outright, even though only
 * `pack.json` would be read: it is not a file this app made.
 */
export function packText(bytes: Uint8Array): string {
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b)
  if (!isZip) return new TextDecoder('utf-8').decode(bytes)
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes)
  } catch {
    throw new CultureError('invalid_input', 'The zipped pack is damaged or cut off. Nothing was imported.')
  }
  const unsafe = Object.keys(entries).find((name) => name.split(/[\\/]/).includes('..') || /^([\\/]|[A-Za-z]:)/.test(name))
  if (unsafe) throw new CultureError('invalid_input', `The zipped pack holds a file with an unsafe name (“${unsafe}”). Nothing was imported.`)
  const pack = entries[PACK_ENTRY]
  if (!pack) throw new CultureError('invalid_input', `The zip holds no ${PACK_ENTRY}; it is not a story pack.`)
  return new TextDecoder('utf-8').decode(pack)
}
