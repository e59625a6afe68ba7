import { Inflate } from 'fflate'

/** One file of a zip, as its central directory describes it, read before anything is inflated. */
export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated; anything else is not read. */
  method: number
  encrypted: boolean
  compressedSize: number
  /** What the zip says the file unpacks to. It may lie: inflation checks it. */
  size: number
  localHeaderOffset: number
}

/** Why a zip is refused; the caller turns it into a message for the user. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: 'damaged' | 'unsupported' | 'too-large',
    message: string,
  ) {
    super(message)
  }
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** The central directory: names and declared sizes of every entry, with nothing inflated. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => view.getUint16(at, true)
  const u32 = (at: number) => view.getUint32(at, true)
  // The end record sits in the last 22 bytes plus at most a 64 KB comment.
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      end = at
      break
    }
  }
  if (end < 0) throw new ZipProblem('damaged', 'it has no end record')
  const count = u16(end + 10)
  const dirSize = u32(end + 12)
  const dirStart = u32(end + 16)
  if (dirStart + dirSize > end) throw new ZipProblem('damaged', 'its file list lies outside the file')
  const entries: ZipEntry[] = []
  let at = dirStart
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(at) !== CENTRAL) throw new ZipProblem('damaged', 'its file list is cut off')
    const nameLength = u16(at + 28)
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32)
    if (next > end) throw new ZipProblem('damaged', 'its file list is cut off')
    const flags = u16(at + 8)
    // Bit 11: the name is UTF-8; otherwise code page 437, whose ASCII part is all a check needs.
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength)
    entries.push({
      name: flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : String.fromCharCode(...nameBytes),
      method: u16(at + 10),
      encrypted: (flags & 1) === 1,
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localHeaderOffset: u32(at + 42),
    })
    at = next
  }
  return entries
}

/** Compressed input is fed in slices this small, so one step inflates at most ~1 MB per KB (deflate's ratio limit). */
const SLICE = 16 * 1024

/**
 * One entry's bytes as UTF-8 text, inflated a slice at a time and stopped as soon as it passes its
 * declared size, which must be within `cap`: a zip bomb costs at most that plus one slice's output.
 */
export function inflateEntryText(bytes: Uint8Array, entry: ZipEntry, cap: number): string {
  if (entry.size > cap) throw new ZipProblem('too-large', `“${entry.name}” would unpack to ${entry.size.toLocaleString('en-US')} bytes`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new ZipProblem('damaged', `“${entry.name}” is not where the file list says`)
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  if (start + entry.compressedSize > bytes.length) throw new ZipProblem('damaged', `“${entry.name}” is cut off`)
  const data = bytes.subarray(start, start + entry.compressedSize)
  if (entry.encrypted) throw new ZipProblem('unsupported', `“${entry.name}” is encrypted`)
  const decoder = new TextDecoder('utf-8')
  const parts: string[] = []
  let total = 0
  const take = (chunk: Uint8Array, final: boolean) => {
    total += chunk.length
    if (total > entry.size) throw new ZipProblem('damaged', `“${entry.name}” unpacks to more than the ${entry.size.toLocaleString('en-US')} bytes its zip states`)
    parts.push(decoder.decode(chunk, { stream: !final }))
  }
  if (entry.method === 0) take(data, true)
  else if (entry.method === 8) {
    const inflate = new Inflate((chunk, final) => take(chunk, final))
    try {
      for (let i = 0; i < data.length || i === 0; i += SLICE) inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length)
    } catch (err) {
      if (err instanceof ZipProblem) throw err
      throw new ZipProblem('damaged', `“${entry.name}” does not inflate (${(err as Error).message})`)
    }
  } else throw new ZipProblem('unsupported', `“${entry.name}” is compressed with method ${entry.method}, which this app does not read`)
  if (total !== entry.size) throw new ZipProblem('damaged', `“${entry.name}” unpacks to ${total.toLocaleString('en-US')} bytes, not the ${entry.size.toLocaleString('en-US')} its zip states`)
  return parts.join('')
}
