import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { exportBook } from '../../electron/core/book/book-export'
import { createDispatch } from '../../electron/core/dispatch'
import { exportMarkdownFolder, readMarkdownFolder } from '../../electron/core/exchange/markdown-folder'
import { photoId } from '../../electron/core/photos/photo-intake'
import type { PhotoInfo } from '../../electron/core/photos/photo-repository'
import { storyFields } from '../../electron/core/stories/story-input'
import { phonePhoto } from './photo-samples'
import { storyInput, tempCore, tempDir } from './temp-library'

async function storyWithPhoto(core: CultureCore): Promise<{ photo: PhotoInfo; storyId: string }> {
  const photo = await core.photos.add(await phonePhoto(1200, 900))
  const body = `We delivered the shoes in person.\n\n![The courier at the customer's door](photo:${photo.id})\n\nShe wore them at the wedding.`
  const story = core.stories.create(storyFields.parse(storyInput(core, { body })), 'submitted')
  core.stories.setStatus(story.id, 'approved')
  return { photo, storyId: story.id }
}

function exportPack(core: CultureCore): string {
  const out = join(tempDir(), 'stories.culturepack')
  core.packs.exportPack(out, {})
  return readFileSync(out, 'utf8')
}

const photoRows = (core: CultureCore) => (core.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n

describe('photos travel with their stories', () => {
  it('go through a pack into a second library, verified by hash, counted in the preview and stored once', async () => {
    const a = tempCore()
    const { photo, storyId } = await storyWithPhoto(a)
    const pack = exportPack(a)
    expect(JSON.parse(pack).photos).toEqual([{ id: photo.id, mime: 'image/jpeg', base64: expect.any(String) }])
    // An app from before photos refuses it plainly, as from a newer version; a pack without photos it still reads.
    expect(JSON.parse(pack).version).toBe(3)

    const b = tempCore()
    const preview = b.packs.preview(pack)
    expect(preview.photos).toEqual({ count: 1, new: 1 })
    await b.packs.apply(preview.previewId, {}, {})
    expect(b.stories.get(storyId).body).toContain(`photo:${photo.id}`)
    const copied = b.photos.get(photo.id)
    expect(photoId(copied.bytes)).toBe(photo.id)
    expect(copied.bytes.equals(a.photos.get(photo.id).bytes)).toBe(true)
    expect((await sharp(copied.bytes).metadata()).exif).toBeUndefined()

    // The same pack again: nothing new, and the photo is still stored once.
    expect(b.packs.preview(pack).photos).toEqual({ count: 1, new: 0 })
    expect(photoRows(b)).toBe(1)
  })

  it('arrive through the contract too: a zipped pack uploaded as base64 is previewed with its photo, a slice at a time', async () => {
    const a = tempCore()
    const { photo } = await storyWithPhoto(a)
    const out = join(tempDir(), 'stories.culturepack')
    a.packs.exportPack(out, { zipped: true })
    const b = tempCore()
    const res = await createDispatch(b)('exchange.previewPack', { base64: readFileSync(out).toString('base64') })
    expect(res).toMatchObject({ ok: true, value: { fresh: [expect.anything()], photos: { count: 1, new: 1 } } })
    await b.packs.apply((res as { value: { previewId: string } }).value.previewId, {}, {})
    expect(b.photos.get(photo.id).bytes.equals(a.photos.get(photo.id).bytes)).toBe(true)
  })

  it('refuses a pack whose photo is not the bytes its id names, and writes nothing', async () => {
    const a = tempCore()
    const { photo } = await storyWithPhoto(a)
    const pack = JSON.parse(exportPack(a))
    const other = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } })
      .jpeg()
      .toBuffer()
    pack.photos[0].base64 = other.toString('base64')
    const b = tempCore()
    expect(() => b.packs.preview(JSON.stringify(pack))).toThrow(
      expect.objectContaining({ code: 'pack.photoDamaged', params: { id: photo.id } }),
    )

    // Right hash, but a photo with its metadata still in it: not what a library stores.
    const withExif = await phonePhoto(40, 30)
    pack.photos[0] = { id: photoId(withExif), mime: 'image/jpeg', base64: withExif.toString('base64') }
    pack.stories[0].body = `![x](photo:${photoId(withExif)})`
    const preview = b.packs.preview(JSON.stringify(pack))
    await expect(b.packs.apply(preview.previewId, {}, {})).rejects.toMatchObject({ code: 'pack.photoDamaged' })
    expect(photoRows(b)).toBe(0)
    expect(b.db.prepare('SELECT count(*) AS n FROM stories').get()).toEqual({ n: 0 })
  })

  it('go out to a Markdown folder as files with relative links, and come back as photo: links', async () => {
    const a = tempCore()
    const { photo, storyId } = await storyWithPhoto(a)
    const folder = join(tempDir(), 'markdown')
    exportMarkdownFolder(folder, a.stories, a.values, a.photos)
    expect(readdirSync(join(folder, 'photos'))).toEqual([`${photo.id}.jpg`])
    const [file] = readdirSync(folder).filter((f) => f.endsWith('.md'))
    const text = readFileSync(join(folder, file), 'utf8')
    expect(text).toContain(`![The courier at the customer's door](photos/${photo.id}.jpg)`)
    expect(text).not.toContain('photo:')

    const b = tempCore()
    const { pack, refused } = readMarkdownFolder(folder, b.values)
    expect(refused).toEqual([])
    const preview = b.packs.preview(pack)
    expect(preview.photos).toEqual({ count: 1, new: 1 })
    await b.packs.apply(preview.previewId, {}, {})
    expect(b.stories.get(storyId).body).toBe(a.stories.get(storyId).body)
    expect(b.photos.get(photo.id).bytes.equals(a.photos.get(photo.id).bytes)).toBe(true)
  })

  it('reads photo files by the folder rules: a changed photo or a photos folder linking out is refused and named', async () => {
    const a = tempCore()
    const { photo } = await storyWithPhoto(a)
    const folder = join(tempDir(), 'markdown')
    exportMarkdownFolder(folder, a.stories, a.values, a.photos)
    writeFileSync(join(folder, 'photos', `${photo.id}.jpg`), await phonePhoto(30, 20))
    let read = readMarkdownFolder(folder, a.values)
    expect(read.refused).toEqual([expect.objectContaining({ file: `photos/${photo.id}.jpg`, code: 'markdown.photoChanged' })])
    expect(read.pack.photos).toBeUndefined()
    // The story still comes in; its link stays a file link.
    expect(read.pack.stories[0].body).toContain(`photos/${photo.id}.jpg`)

    // The photos folder swapped for a link to a folder outside, holding the right photo.
    const outside = join(tempDir(), 'elsewhere')
    mkdirSync(outside)
    writeFileSync(join(outside, `${photo.id}.jpg`), a.photos.get(photo.id).bytes)
    const linked = join(tempDir(), 'linked')
    exportMarkdownFolder(linked, a.stories, a.values)
    symlinkSync(outside, join(linked, 'photos'))
    // Exported without the repository, the story keeps its photo: link; point it at the file instead.
    const [md] = readdirSync(linked).filter((f) => f.endsWith('.md'))
    const text = readFileSync(join(linked, md), 'utf8')
    writeFileSync(join(linked, md), text.replace(`photo:${photo.id}`, `photos/${photo.id}.jpg`))
    read = readMarkdownFolder(linked, a.values)
    expect(read.refused).toEqual([expect.objectContaining({ file: `photos/${photo.id}.jpg`, code: 'markdown.linkOutside' })])
  })

  it('are printed in the yearly book at their place in the story, as data: URLs the book may show', async () => {
    const core = tempCore()
    const { photo } = await storyWithPhoto(core)
    const out = join(tempDir(), 'book.html')
    const result = await exportBook(core.books.model(2025), { format: 'html', outPath: out, photo: (id) => core.photos.find(id) })
    expect(result.notes).toEqual([])
    // The body's words carry soft hyphens for print (book-hyphens.ts): compared without them.
    const html = readFileSync(out, 'utf8').replaceAll('\u00ad', '')
    const base64 = core.photos.get(photo.id).bytes.toString('base64')
    const img = `<img src="data:image/jpeg;base64,${base64}" alt="The courier at the customer's door" />`
    expect(html).toContain(img)
    // At its place: after the first paragraph, before the last.
    expect(html.indexOf('in person.')).toBeLessThan(html.indexOf(img))
    expect(html.indexOf(img)).toBeLessThan(html.indexOf('at the wedding.'))
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*img-src data:/)
    expect(existsSync(out)).toBe(true)
  })

  it('a photo the library lacks prints as its description, and the export notes it', async () => {
    const core = tempCore()
    const missing = 'b'.repeat(64)
    const story = core.stories.create(storyFields.parse(storyInput(core, { body: `Text.\n\n![A van](photo:${missing})` })), 'submitted')
    core.stories.setStatus(story.id, 'approved')
    const out = join(tempDir(), 'book.html')
    const result = await exportBook(core.books.model(2025), { format: 'html', outPath: out, photo: (id) => core.photos.find(id) })
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<span class="photo-missing">A van</span>')
    expect(html).not.toContain('<img')
    expect(result.notes).toEqual([{ code: 'imageLeftOutOfStory', params: { src: `photo:${missing}`, title: 'Wedding shoes, overnight' } }])
  })
})
