import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import MarkdownView from '../../src/components/MarkdownView.vue'
import { phonePhoto } from '../unit/photo-samples'
import { storyInput, tempCore, tempDir } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountAlone, mountApp } from './mount-app'

describe('photos in the reader', () => {
  it('shows a photo: image from the library through the bridge, and alt text for a missing or remote one', async () => {
    const { core, calls } = installCoreBridge()
    const photo = await core.photos.add(await phonePhoto(300, 200))
    const missing = 'c'.repeat(64)
    const source = `Before.\n\n![The van at the door](photo:${photo.id})\n\n![A lost photo](photo:${missing})\n\n![Tracker](https://example.com/pixel.png)`
    const { wrapper } = mountAlone(MarkdownView, { source })

    await eventually(() => expect(wrapper.find('img').exists()).toBe(true))
    const img = wrapper.find('img')
    expect(img.attributes('src')).toMatch(/^blob:/)
    expect(img.attributes('alt')).toBe('The van at the door')
    // Only the library's photo is an image: no broken image, no request to anywhere else.
    expect(wrapper.findAll('img')).toHaveLength(1)
    expect(wrapper.findAll('.photo-missing').map((s) => s.text())).toEqual(['A lost photo', 'Tracker'])
    expect(calls.filter((c) => c.method === 'photos.get').map((c) => c.input)).toEqual(
      expect.arrayContaining([{ id: photo.id }, { id: missing }]),
    )
  })
})

describe('photos in a pack preview', () => {
  it('counts the photos a pack carries, and the imported story shows its photo', async () => {
    const theirs = tempCore()
    const photo = await theirs.photos.add(await phonePhoto(400, 300))
    theirs.stories.create(
      storyFields.parse(storyInput(theirs, { title: 'With a photo', body: `Look.\n\n![The parcel](photo:${photo.id})` })),
      'draft',
    )
    const path = join(tempDir(), 'theirs.culturepack')
    theirs.packs.exportPack(path, {})
    const { core } = installCoreBridge()
    const { wrapper } = await mountApp('/library')
    const input = wrapper.find<HTMLInputElement>('[data-testid="pack-file"]')
    Object.defineProperty(input.element, 'files', { value: [new File([readFileSync(path)], 'theirs.culturepack')], configurable: true })
    await input.trigger('change')
    await eventually(() => expect(wrapper.find('[data-testid="pack-preview"] p').text()).toContain('1 new'))
    expect(wrapper.find('[data-testid="pack-preview"] p').text()).toMatch(/ · 1 photo$/)
    await wrapper.find('[data-testid="apply-pack"]').trigger('click')
    await eventually(() => expect(core.photos.find(photo.id)).not.toBeNull())
  })
})
