import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportBook } from '../../electron/core/book/book-export'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { storyFields } from '../../electron/core/stories/story-input'
import { pdfImages } from './pdf-images'
import { phonePhoto } from './photo-samples'
import { storyInput, tempCore, tempDir } from './temp-library'

describe('a photo in the printed book', () => {
  it('goes from one library through a pack to another and into its PDF, with no EXIF on the way', async () => {
    const a = tempCore()
    const photo = await a.photos.add(await phonePhoto(1200, 900))
    const body = `We delivered in person.\n\n![The courier at the door](photo:${photo.id})\n\nShe wore them at the wedding.`
    const story = a.stories.create(storyFields.parse(storyInput(a, { body })), 'submitted')
    a.stories.setStatus(story.id, 'approved')
    const packPath = join(tempDir(), 'stories.culturepack')
    a.packs.exportPack(packPath, {})

    const b = tempCore()
    const preview = b.packs.preview(readFileSync(packPath, 'utf8'))
    await b.packs.apply(preview.previewId, {}, {})
    const out = join(tempDir(), 'book.pdf')
    const result = await exportBook(b.books.model(2025), {
      format: 'pdf',
      outPath: out,
      printer: chromiumPrinter(),
      photo: (id) => b.photos.find(id),
    })
    expect(result.notes).toEqual([])

    const pdf = readFileSync(out)
    // Turned upright (the phone's orientation tag), printed at its own pixels: never enlarged.
    expect(await pdfImages(pdf)).toContainEqual({ width: 900, height: 1200 })
    expect(pdf.includes(Buffer.from('Elm Street'))).toBe(false)
    expect(pdf.includes(Buffer.from('Exif'))).toBe(false)
  }, 60_000)
})
