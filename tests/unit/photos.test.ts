import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { ApiMethod, ApiResult } from '../../electron/core/api'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { photoId, PHOTO_LONG_EDGE } from '../../electron/core/photos/photo-intake'
import { storyFields } from '../../electron/core/stories/story-input'
import { phonePhoto } from './photo-samples'
import { storyInput, tempCore } from './temp-library'

/** The GPS IFD pointer (tag 0x8825, little-endian, type LONG) inside an EXIF block. */
const hasGps = (exif: Buffer | undefined) => !!exif && exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]))

async function ok<M extends ApiMethod>(core: CultureCore, method: M, input: unknown): Promise<ApiResult<M>> {
  const res = await createDispatch(core)(method, input)
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`)
  return res.value as ApiResult<M>
}

async function refusal(core: CultureCore, bytes: Buffer) {
  const res = await createDispatch(core)('photos.add', { base64: bytes.toString('base64') })
  if (res.ok) throw new Error('accepted')
  return res.error
}

const photoCount = (core: CultureCore) => (core.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n

describe('taking in a photo', () => {
  it('strips EXIF and GPS, turns it upright, shrinks the long edge to print size and stores it under the hash of its bytes', async () => {
    const core = tempCore()
    const input = await phonePhoto()
    const before = await sharp(input).metadata()
    expect(hasGps(before.exif)).toBe(true)
    expect(before.orientation).toBe(6)

    const added = await ok(core, 'photos.add', { base64: input.toString('base64') })
    // Orientation 6 is a quarter turn: the 3000×2000 file shows as 2000×3000, then shrinks to 2400 tall.
    expect(added).toEqual({ id: added.id, mime: 'image/jpeg', width: (PHOTO_LONG_EDGE * 2) / 3, height: PHOTO_LONG_EDGE })

    const got = await ok(core, 'photos.get', { id: added.id })
    const stored = Buffer.from(got.base64, 'base64')
    expect(photoId(stored)).toBe(added.id)
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 2400, hasProfile: false })
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    expect(stored.includes(Buffer.from('Elm Street'))).toBe(false)
    expect(stored.includes(Buffer.from('Exif'))).toBe(false)
  })

  it('never enlarges a small photo, and converts a colour profile to sRGB without keeping the profile', async () => {
    const core = tempCore()
    const small = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a6' } })
      .withIccProfile('p3')
      .jpeg()
      .toBuffer()
    expect((await sharp(small).metadata()).icc).toBeDefined()
    const added = await core.photos.add(small)
    expect(added).toMatchObject({ width: 400, height: 300 })
    const meta = await sharp(core.photos.get(added.id).bytes).metadata()
    expect(meta.icc).toBeUndefined()
    expect(meta.space).toBe('srgb')
  })

  it('stores the same photo once, however often it is added', async () => {
    const core = tempCore()
    const input = await phonePhoto(800, 600)
    const a = await core.photos.add(input)
    const b = await core.photos.add(input)
    expect(b.id).toBe(a.id)
    expect(photoCount(core)).toBe(1)
  })

  it('keeps a PNG with transparency as PNG, and makes a PNG without it and a WebP into JPEGs', async () => {
    const core = tempCore()
    const clear = await sharp({ create: { width: 50, height: 40, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
      .png()
      .toBuffer()
    const flat = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#123' } })
      .png()
      .toBuffer()
    const webp = await sharp({ create: { width: 60, height: 30, channels: 3, background: '#456' } })
      .webp()
      .toBuffer()
    expect(await core.photos.add(clear)).toMatchObject({ mime: 'image/png', width: 50, height: 40 })
    expect(await core.photos.add(flat)).toMatchObject({ mime: 'image/jpeg', width: 50, height: 40 })
    expect(await core.photos.add(webp)).toMatchObject({ mime: 'image/jpeg', width: 60, height: 30 })
    expect((await sharp(core.photos.get((await core.photos.add(clear)).id).bytes).metadata()).hasAlpha).toBe(true)
  })

  it('refuses a GIF, an SVG, text and a cut-off JPEG with a clear code, and stores nothing', async () => {
    const core = tempCore()
    const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
      .gif()
      .toBuffer()
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    const jpeg = await phonePhoto(600, 400)
    expect(await refusal(core, gif)).toMatchObject({
      code: 'photo.notSupported',
      message: 'This file is not a JPEG, PNG or WebP photo. Only those can go into a story.',
    })
    expect(await refusal(core, svg)).toMatchObject({ code: 'photo.notSupported' })
    expect(await refusal(core, Buffer.from('Just some words.'))).toMatchObject({ code: 'photo.notSupported' })
    expect(await refusal(core, Buffer.alloc(0))).toMatchObject({ code: 'photo.notSupported' })
    expect(await refusal(core, jpeg.subarray(0, jpeg.length >> 1))).toMatchObject({
      code: 'photo.damaged',
      message: 'The photo could not be read: the file is damaged or cut off.',
    })
    // The first bytes of a JPEG and nothing a decoder can read.
    expect(await refusal(core, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100, 7)]))).toMatchObject({
      code: 'photo.damaged',
    })
    expect(photoCount(core)).toBe(0)
  })

  it('refuses a file over 25 MB and a photo over 50 megapixels before decoding it', async () => {
    const core = tempCore()
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(25 * 1024 * 1024)])
    // At the boundary, by its base64's length…
    expect(await refusal(core, huge)).toMatchObject({
      code: 'input.invalid',
      issues: [expect.objectContaining({ code: 'photo.uploadTooLarge', params: { max: 25 } })],
    })
    // …and in the core, by its bytes.
    await expect(core.photos.add(huge)).rejects.toMatchObject({ code: 'photo.tooLarge', params: { size: '25.0', max: 25 } })
    const vast = await sharp({ create: { width: 7100, height: 7100, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 1 })
      .toBuffer()
    expect(await refusal(core, vast)).toMatchObject({
      code: 'photo.tooManyPixels',
      params: { megapixels: 50, max: 50 },
      message: 'The photo has too many pixels (50 megapixels; at most 50).',
    })
  })

  it('answers an unknown or malformed id as not found', async () => {
    const core = tempCore()
    const res = await createDispatch(core)('photos.get', { id: 'a'.repeat(64) })
    expect(res).toMatchObject({ ok: false, error: { code: 'photo.notFound', kind: 'not_found' } })
    const bad = await createDispatch(core)('photos.get', { id: '../etc/passwd' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'input.invalid' } })
  })
})

describe('a photo in a story', () => {
  it('survives a backup and its restore, inside the library file', async () => {
    const core = tempCore()
    const photo = await core.photos.add(await phonePhoto(900, 600))
    core.stories.create(storyFields.parse(storyInput(core, { body: `Before.\n\n![The van at the door](photo:${photo.id})` })), 'draft')
    const taken = await ok(core, 'library.backupNow', {})
    // Gone from the live library after the backup…
    core.db.prepare('DELETE FROM photos').run()
    expect(core.photos.find(photo.id)).toBeNull()
    await ok(core, 'library.restore', { name: taken.name, confirm: true })
    // …and back with the restore, byte for byte.
    const restored = await ok(core, 'photos.get', { id: photo.id })
    expect(photoId(Buffer.from(restored.base64, 'base64'))).toBe(photo.id)
  })
})
