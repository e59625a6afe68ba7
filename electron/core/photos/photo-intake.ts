import { createHash } from 'node:crypto'
import type { Metadata, OutputInfo, Sharp } from 'sharp'
import { CultureError } from '../errors'
import { PHOTO_MAX_BYTES, type PhotoMime } from './photo-types'

export { PHOTO_MAX_BYTES } from './photo-types'

const MB = 1024 * 1024
/** The most pixels decoded: a 50-megapixel camera; more is a decompression bomb, not a photo. */
export const PHOTO_MAX_PIXELS = 50_000_000
/** The long edge kept: 8 inches at 300 dpi, more than a book column ever prints. */
export const PHOTO_LONG_EDGE = 2400
/** JPEG quality for photos: indistinguishable in print, a fraction of the size. */
const JPEG_QUALITY = 85

export type PhotoFormat = 'jpeg' | 'png' | 'webp'

export interface PreparedPhoto {
  /** sha256 of `bytes`, in hex: the photo's id, the same in every library. */
  id: string
  mime: PhotoMime
  width: number
  height: number
  bytes: Buffer
}

/** The format a file's first bytes announce, among the ones taken in; null for anything else. */
export function sniffPhoto(bytes: Uint8Array): PhotoFormat | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b)
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg'
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  // RIFF, then the length, then WEBP.
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp'
  return null
}

export const photoId = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** sharp (libvips) loads with the first photo, not at start: some 40 ms the app and the command line need not wait for. */
let sharpLoaded: Promise<typeof import('sharp')> | undefined

/** sharp reading at most PHOTO_MAX_PIXELS (the header alone: any) and refusing a damaged file rather than printing half of it. */
async function decoder(bytes: Buffer, limitInputPixels: number | false = PHOTO_MAX_PIXELS): Promise<Sharp> {
  const sharp = (await (sharpLoaded ??= import('sharp'))).default
  return sharp(bytes, { limitInputPixels, failOn: 'error' })
}

/** Width and height as read; a file sharp cannot read, or that is not what its first bytes say, is damaged. */
async function readSize(bytes: Buffer, format: PhotoFormat): Promise<{ width: number; height: number; hasAlpha: boolean }> {
  let meta: Metadata
  try {
    // The header only: the pixel limit is judged next, with a message of its own.
    meta = await (await decoder(bytes, false)).metadata()
  } catch {
    throw new CultureError('photo.damaged')
  }
  if (meta.format !== format || !meta.width || !meta.height) throw new CultureError('photo.damaged')
  return { width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha }
}

/**
 * A photo as a story keeps it: turned upright by its EXIF orientation, shrunk so its long edge is
 * at most PHOTO_LONG_EDGE (never enlarged), converted to sRGB, and re-encoded without any metadata
 * (no EXIF, GPS, XMP, IPTC or ICC: a customer's address must not travel with a photo of their home).
 * A photo with transparency stays a PNG; everything else becomes a JPEG. sharp works on libuv's
 * threads, so the event loop is free meanwhile.
 */
export async function preparePhoto(input: Buffer): Promise<PreparedPhoto> {
  if (input.length > PHOTO_MAX_BYTES) {
    throw new CultureError('photo.tooLarge', { size: (input.length / MB).toFixed(1), max: PHOTO_MAX_BYTES / MB })
  }
  const format = sniffPhoto(input)
  if (!format) throw new CultureError('photo.notSupported')
  const { width, height, hasAlpha } = await readSize(input, format)
  if (width * height > PHOTO_MAX_PIXELS) {
    throw new CultureError('photo.tooManyPixels', { megapixels: Math.round((width * height) / 1e6), max: PHOTO_MAX_PIXELS / 1e6 })
  }
  const pipeline = (await decoder(input))
    .rotate()
    .resize({ width: PHOTO_LONG_EDGE, height: PHOTO_LONG_EDGE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
  const encoded = hasAlpha
    ? pipeline.png({ compressionLevel: 9 })
    : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
  let out: { data: Buffer; info: OutputInfo }
  try {
    out = await encoded.toBuffer({ resolveWithObject: true })
  } catch {
    // The header was readable but the pixels are not (a file cut off in the middle).
    throw new CultureError('photo.damaged')
  }
  return {
    id: photoId(out.data),
    mime: hasAlpha ? 'image/png' : 'image/jpeg',
    width: out.info.width,
    height: out.info.height,
    bytes: out.data,
  }
}

/**
 * A stored photo from elsewhere (a pack, a Markdown folder), taken as it is when it is what this app
 * stores: its bytes hash to its id, it is a JPEG or PNG that decodes, within the limits, and it
 * carries no metadata. Null otherwise. Taken as is, the same photo keeps the same id in both libraries.
 */
export async function checkStoredPhoto(id: string, bytes: Buffer): Promise<{ mime: PhotoMime; width: number; height: number } | null> {
  if (photoId(bytes) !== id || bytes.length > PHOTO_MAX_BYTES) return null
  const format = sniffPhoto(bytes)
  if (format !== 'jpeg' && format !== 'png') return null
  try {
    const meta = await (await decoder(bytes, false)).metadata()
    if (meta.format !== format || !meta.width || !meta.height) return null
    const carries = meta.exif || meta.xmp || meta.iptc || meta.icc || meta.comments?.length
    if (carries || meta.width * meta.height > PHOTO_MAX_PIXELS) return null
    // Decoding every pixel finds a file damaged after its header.
    await (await decoder(bytes)).raw().toBuffer()
    return { mime: format === 'png' ? 'image/png' : 'image/jpeg', width: meta.width, height: meta.height }
  } catch {
    return null
  }
}
