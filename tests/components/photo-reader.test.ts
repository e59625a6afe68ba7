import { describe, expect, it } from 'vitest'
import MarkdownView from '../../src/components/MarkdownView.vue'
import { phonePhoto } from '../unit/photo-samples'
import { installCoreBridge } from './core-bridge'
import { eventually, mountAlone } from './mount-app'

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
