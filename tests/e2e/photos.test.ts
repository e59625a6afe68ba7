import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, editShownStory, openAppTab, openBrowser, screenshot, type Browser } from './browser-mode'

/** A photo as a phone takes it: large, and carrying where it was taken. */
async function phonePhoto(path: string) {
  const photo = await sharp({ create: { width: 3200, height: 2400, channels: 3, background: { r: 200, g: 120, b: 60 } } })
    .withExif({ IFD0: { Make: 'Phone', Model: 'Camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 40/1 0/1' } })
    .jpeg()
    .toBuffer()
  writeFileSync(path, photo)
}

describe('photos in stories, end to end in browser mode (issue 13, part 4)', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('adds a photo to a story with its alt text, and the reader shows it, shrunk and without its location', async () => {
    const { page, dir, pageErrors } = await openAppTab(browser)
    const values = await callApi(page, 'values.list', {})
    const story = await callApi(page, 'stories.create', {
      fields: {
        title: 'Boots for Gunnar',
        body: 'Theo wrote to us for his giraffe.',
        author: 'Noor Al-Sayed',
        team: 'Customer Loyalty',
        happenedOn: '2026-04-14',
        valueIds: [values[0].id],
        primaryValueId: values[0].id,
      },
    })
    const file = join(dir, 'gunnar.jpg')
    await phonePhoto(file)

    await page.goto(`${new URL(page.url()).origin}/#/stories/${story.id}`)
    await page.getByTestId('story-title').waitFor()
    await editShownStory(page)
    await page.getByTestId('add-photo').setInputFiles(file)
    const alt = page.getByRole('dialog', { name: 'Describe the photo' })
    await alt.getByLabel('What the photo shows').fill('Gunnar the giraffe in his new boots')
    await alt.getByRole('button', { name: 'Insert photo' }).click()
    await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('textarea[name=body]')?.value.includes('](photo:'))
    await page.getByRole('button', { name: /^(Save|Save draft)$/ }).click()

    const shown = page.locator('[data-testid="markdown"] img[alt="Gunnar the giraffe in his new boots"]')
    await shown.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="markdown"] img')
      return img?.complete && img.naturalWidth > 0
    })
    expect(await shown.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([2400, 1800])
    expect(await shown.getAttribute('src')).toMatch(/^blob:/)
    await screenshot(page, 'story-photo')

    // What the library keeps is the shrunk photo with no metadata at all.
    const id = /photo:([0-9a-f]{64})/.exec((await callApi(page, 'stories.get', { id: story.id })).body)![1]
    const stored = await callApi(page, 'photos.get', { id })
    const meta = await sharp(Buffer.from(stored.base64, 'base64')).metadata()
    expect([meta.width, meta.height, meta.exif, meta.icc]).toEqual([2400, 1800, undefined, undefined])
    expect(pageErrors).toEqual([])
  })
})
