import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, valueId } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

const year = new Date().getFullYear()

/** Approved stories this year: two about the first value, one about the last, none about those between. */
function library(): CultureCore {
  const { core } = installCoreBridge()
  const add = (title: string, slug: string, happenedOn: string, author = 'Astrid Lund') => {
    const value = valueId(core, slug)
    const story = core.stories.create(
      storyFields.parse(storyInput(core, { title, author, happenedOn, valueIds: [value], primaryValueId: value })),
      'submitted',
    )
    core.stories.setStatus(story.id, 'approved')
  }
  add('Wedding shoes', 'deliver-wow', `${year}-01-02`)
  add('Late parcel', 'deliver-wow', `${year}-01-03`)
  add('Owning the mistake', 'humble', `${year}-01-04`, 'Bo Berg')
  // Not approved: not in the book.
  core.stories.create(storyFields.parse(storyInput(core, { title: 'Draft only', happenedOn: `${year}-01-05` })), 'draft')
  return core
}

const chapters = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-testid="book-chapter"]').map((c) => ({
    name: c.find('h2').text(),
    stories: c.findAll('[data-testid="book-story"] .story-name').map((s) => s.text()),
    excluded: c.findAll('[data-testid="book-story-excluded"] .story-name').map((s) => s.text()),
  }))
const button = (wrapper: VueWrapper, label: string) => wrapper.find(`button[aria-label="${label}"]`)
const summary = (wrapper: VueWrapper) => wrapper.find('[data-testid="book-summary"]').text().replace(/\s+/g, ' ')

async function openBook() {
  const core = library()
  const { wrapper } = await mountApp('/book')
  await eventually(() => expect(chapters(wrapper)).toHaveLength(2))
  return { core, wrapper, edition: () => core.books.editions.open(year) }
}

describe('book chapter curation', () => {
  it('shows a chapter per value with approved stories, and what the book comes to', async () => {
    const { wrapper } = await openBook()
    expect(chapters(wrapper)).toEqual([
      { name: 'Deliver WOW through service', stories: ['Wedding shoes', 'Late parcel'], excluded: [] },
      { name: 'Be humble', stories: ['Owning the mistake'], excluded: [] },
    ])
    expect(summary(wrapper)).toMatch(/^3 stories in 2 chapters, by 2 contributors · about \d+ pages$/)
    expect(button(wrapper, 'Move Deliver WOW through service up').attributes('disabled')).toBeDefined()
    expect(button(wrapper, 'Move Be humble down').attributes('disabled')).toBeDefined()
  })

  it('moves a chapter past the values that print none this year, and keeps the order', async () => {
    const { core, wrapper, edition } = await openBook()
    const before = edition().chapterOrder
    await button(wrapper, 'Move Be humble up').trigger('click')
    await settle()
    expect(chapters(wrapper).map((c) => c.name)).toEqual(['Be humble', 'Deliver WOW through service'])
    // The two printed chapters trade places in the full order; the eight values between stay put.
    const after = edition().chapterOrder
    const [wow, humble] = [valueId(core, 'deliver-wow'), valueId(core, 'humble')]
    expect(after).toEqual(before.map((id) => (id === wow ? humble : id === humble ? wow : id)))
  })

  it('reorders stories with the arrows and by dragging, within their chapter', async () => {
    const { core, wrapper, edition } = await openBook()
    await button(wrapper, 'Move Wedding shoes down').trigger('click')
    await settle()
    expect(chapters(wrapper)[0].stories).toEqual(['Late parcel', 'Wedding shoes'])
    const ids = () => edition().storyOrder[valueId(core, 'deliver-wow')].map((id) => core.stories.get(id).title)
    expect(ids()).toEqual(['Late parcel', 'Wedding shoes'])

    const [first, second] = wrapper.findAll('[data-testid="book-chapter"]')[0].findAll('[data-testid="book-story"]')
    await second.trigger('dragstart')
    await first.trigger('drop')
    await settle()
    expect(chapters(wrapper)[0].stories).toEqual(['Wedding shoes', 'Late parcel'])
    expect(ids()).toEqual(['Wedding shoes', 'Late parcel'])

    // A story dragged from another chapter is not dropped into this one.
    await wrapper.findAll('[data-testid="book-chapter"]')[1].find('[data-testid="book-story"]').trigger('dragstart')
    await wrapper.findAll('[data-testid="book-chapter"]')[0].findAll('[data-testid="book-story"]')[1].trigger('drop')
    await settle()
    expect(chapters(wrapper).map((c) => c.stories)).toEqual([['Wedding shoes', 'Late parcel'], ['Owning the mistake']])
  })

  it('leaves a story out of the book and takes it back in', async () => {
    const { wrapper, edition } = await openBook()
    await wrapper.find('input[aria-label="Include Late parcel"]').setValue(false)
    await settle()
    expect(chapters(wrapper)[0]).toMatchObject({ stories: ['Wedding shoes'], excluded: ['Late parcel'] })
    expect(summary(wrapper)).toMatch(/^2 stories in 2 chapters/)
    expect(edition().excludedStories).toHaveLength(1)

    await wrapper.find('[data-testid="book-story-excluded"] input').setValue(true)
    await settle()
    expect(chapters(wrapper)[0]).toMatchObject({ stories: ['Wedding shoes', 'Late parcel'], excluded: [] })
    expect(edition().excludedStories).toEqual([])
  })
})
