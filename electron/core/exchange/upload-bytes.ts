import type { Steps } from './slices'

/** 4 MB of base64 takes a few milliseconds; a piece is a multiple of 4 characters, so it decodes on its own. */
const PIECE = 4 * 1024 * 1024

/**
 * An uploaded file's bytes, decoded from base64 a piece at a time. A piece holding anything the
 * decoder skips (a line break, padding before the end) could shift every piece after it; it shows
 * as fewer bytes than the piece's length promises, and then the file is decoded in one go,
 * exactly as Buffer.from decodes it.
 */
export function* uploadBytes(base64: string, piece = PIECE): Steps<Buffer> {
  const out = Buffer.allocUnsafe(Math.ceil(base64.length / 4) * 3)
  let written = 0
  for (let at = 0; at < base64.length; at += piece) {
    const last = at + piece >= base64.length
    const bytes = out.write(base64.slice(at, at + piece), written, 'base64')
    if (!last && bytes !== (piece / 4) * 3) return Buffer.from(base64, 'base64')
    written += bytes
    yield
  }
  return out.subarray(0, written)
}
