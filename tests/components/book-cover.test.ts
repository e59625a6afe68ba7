import { describe, expect, it, vi } from 'vitest'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

const year = new Date().getFullYear()

describe('the edition’s print settings on the book page', () => {
  it('offers every trim size by name and saves the size, the bleed, the paper and the back cover text', async () => {
    const { core } = installCoreBridge()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Wedding shoes', happenedOn: `${year}-01-02` })), 'approved')
    const { wrapper } = await mountApp('/book')
    const size = () => wrapper.find('select[name="pageSize"]')
    await eventually(() => expect(size().exists()).toBe(true))
    expect(
      size()
        .findAll('option')
        .map((o) => o.text()),
    ).toEqual(['A4', 'A5', 'US Letter', 'US Trade, 6 × 9 in', 'Digest, 5.5 × 8.5 in'])
    await size().setValue('USTrade')
    await wrapper.find('input[name="bleed"]').setValue(true)
    await wrapper.find('input[name="paperThickness"]').setValue('0.12')
    await wrapper.find('input[name="paperThickness"]').trigger('change')
    await wrapper.find('textarea[name="backCover"]').setValue('Stories of our year.')
    await wrapper.find('textarea[name="backCover"]').trigger('change')
    await eventually(() =>
      expect(core.books.editions.find(year)).toMatchObject({
        pageSize: 'USTrade',
        bleed: true,
        paperThickness: 0.12,
        backCover: 'Stories of our year.',
      }),
    )
    await settle()
  })
})

describe('the book page’s cover export', () => {
  it('offers the cover once the PDF has said how many pages the book has, and shows the spine it got', async () => {
    const { core } = installCoreBridge({ printer: () => chromiumPrinter() })
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Wedding shoes', happenedOn: `${year}-01-02` })), 'approved')
    core.books.editions.update(year, { pageSize: 'USTrade', paperThickness: 0.2 })
    const { wrapper } = await mountApp('/book')
    const cover = () => wrapper.find('[data-testid="export-cover"]')
    await eventually(() => expect(cover().exists()).toBe(true))
    // Before a PDF: off, and the reason beside it for a screen reader too.
    expect(cover().attributes('disabled')).toBeDefined()
    const reason = wrapper.find(`#${cover().attributes('aria-describedby')}`)
    expect(reason.text()).toBe('Export the PDF first: the cover’s spine is as wide as the book is thick.')

    await wrapper.find('[data-testid="export-pdf"]').trigger('click')
    // Chromium prints it: seconds, not the five a page's change gets.
    await vi.waitFor(() => expect(wrapper.find('[data-testid="export-result"]').exists()).toBe(true), { timeout: 60_000, interval: 50 })
    const pages = Number(/(\d+) pages/.exec(wrapper.find('[data-testid="export-result"]').text())![1])
    expect(cover().attributes('disabled')).toBeUndefined()
    await cover().trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="cover-result"]').exists()).toBe(true), { timeout: 60_000, interval: 50 })
    await settle()
    // 0.2 mm a leaf, a leaf for every two pages.
    const spine = Math.round(Math.ceil(pages / 2) * 0.2 * 10) / 10
    expect(wrapper.find('[data-testid="cover-result"]').text()).toContain(`spine ${spine} mm`)
    expect(wrapper.find('[data-testid="cover-result"]').text()).toMatch(/-cover\.pdf/)
  }, 120_000)
})
