import { Inflate } from 'fflate'
import type { ErrorCode, ErrorParams } from '../errors'
import type { Steps } from './slices'

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

/** Why a zip is refused, as a code; the caller turns it into the error the user sees. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: 'damaged' | 'unsupported' | 'too-large',
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(code)
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
  if (end < 0) throw new ZipProblem('damaged', 'zip.noEndRecord')
  const count = u16(end + 10)
  const dirSize = u32(end + 12)
  const dirStart = u32(end + 16)
  if (dirStart + dirSize > end) throw new ZipProblem('damaged', 'zip.listOutside')
  const entries: ZipEntry[] = []
  let at = dirStart
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(at) !== CENTRAL) throw new ZipProblem('damaged', 'zip.listCutOff')
    const nameLength = u16(at + 28)
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32)
    if (next > end) throw new ZipProblem('damaged', 'zip.listCutOff')
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
 * One entry's bytes, inflated a slice at a time (pausing between slices) and stopped as soon as it
 * passes its declared size, which must be within `cap`: a zip bomb costs at most that plus one slice's output.
 */
export function* inflateEntry(bytes: Uint8Array, entry: ZipEntry, cap: number): Steps<Uint8Array> {
  if (entry.size > cap) throw new ZipProblem('too-large', 'zip.entryTooLarge', { name: entry.name, size: entry.size })
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
    throw new ZipProblem('damaged', 'zip.entryMisplaced', { name: entry.name })
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  if (start + entry.compressedSize > bytes.length) throw new ZipProblem('damaged', 'zip.entryCutOff', { name: entry.name })
  const data = bytes.subarray(start, start + entry.compressedSize)
  if (entry.encrypted) throw new ZipProblem('unsupported', 'zip.entryEncrypted', { name: entry.name })
  const parts: Uint8Array[] = []
  let total = 0
  const take = (chunk: Uint8Array) => {
    total += chunk.length
    if (total > entry.size) throw new ZipProblem('damaged', 'zip.entryLarger', { name: entry.name, size: entry.size })
    parts.push(chunk)
  }
  if (entry.method === 0) take(data)
  else if (entry.method === 8) {
    const inflate = new Inflate((chunk) => take(chunk))
    for (let i = 0; i < data.length || i === 0; i += SLICE) {
      try {
        inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length)
      } catch (err) {
        if (err instanceof ZipProblem) throw err
        throw new ZipProblem('damaged', 'zip.entryNoInflate', { name: entry.name, reason: (err as Error).message })
      }
      yield
    }
  } else throw new ZipProblem('unsupported', 'zip.entryMethod', { name: entry.name, method: String(entry.method) })
  if (total !== entry.size) throw new ZipProblem('damaged', 'zip.entrySizeMismatch', { name: entry.name, total, size: entry.size })
  return parts.length === 1 ? parts[0] : Buffer.concat(parts)
}
