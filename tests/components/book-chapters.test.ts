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

const focused = () => document.activeElement as HTMLElement | null
const storyRow = (wrapper: VueWrapper, title: string) =>
  wrapper.findAll('[data-story-id]').find((row) => row.find('.story-name').text() === title)!

describe('a chapter whose only story is left out', () => {
  it('stays, with the story greyed as Excluded, is no gap, and an Undo or Include takes it back', async () => {
    const { wrapper, edition } = await openBook()
    const include = wrapper.find('input[aria-label="Include Owning the mistake"]')
    ;(include.element as HTMLElement).focus()
    await include.setValue(false)
    await settle()
    // Before, the chapter vanished and "Be humble" turned up among the gaps "with no stories".
    expect(chapters(wrapper)[1]).toEqual({ name: 'Be humble', stories: [], excluded: ['Owning the mistake'] })
    expect(storyRow(wrapper, 'Owning the mistake').text()).toContain('Excluded')
    expect(wrapper.findAll('[data-testid="book-chapter-size"]')[1].text()).toBe('1 story, all excluded · prints no chapter')
    expect(wrapper.find('[data-testid="gap-list"]').text()).not.toContain('Be humble')
    expect(summary(wrapper)).toMatch(/^2 stories in 1 chapter, by 1 contributor/)
    // The focus stays on the story's box, now in the excluded row.
    expect(focused()).toBe(storyRow(wrapper, 'Owning the mistake').find('input').element)

    // The notice's Undo takes it back in.
    expect(wrapper.find('.notice-tray').text()).toContain('“Owning the mistake” is left out of the book.')
    await wrapper.find('.notice-undo').trigger('click')
    await settle()
    expect(edition().excludedStories).toEqual([])
    await eventually(() => expect(chapters(wrapper)[1]).toEqual({ name: 'Be humble', stories: ['Owning the mistake'], excluded: [] }))

    // And so does its box, with the focus kept on it.
    await wrapper.find('input[aria-label="Include Owning the mistake"]').setValue(false)
    await settle()
    const box = storyRow(wrapper, 'Owning the mistake').find('input')
    ;(box.element as HTMLElement).focus()
    await box.setValue(true)
    await settle()
    expect(chapters(wrapper)[1].stories).toEqual(['Owning the mistake'])
    expect(focused()).toBe(storyRow(wrapper, 'Owning the mistake').find('input').element)
  })
})

describe('a dropped chapter that has stories', () => {
  it('shows as dropped, and Keep its chapter prints it again', async () => {
    const core = library()
    core.books.editions.update(year, { droppedValues: [valueId(core, 'humble')] })
    const { wrapper } = await mountApp('/book')
    // Before, a dropped chapter with stories was neither listed nor a gap: nothing could bring it back.
    await eventually(() => expect(wrapper.findAll('[data-testid="book-chapter-size"]')[1]?.text()).toBe('Chapter dropped · prints nothing'))
    expect(summary(wrapper)).toMatch(/^2 stories in 1 chapter/)
    const keep = wrapper
      .findAll('[data-testid="book-chapter"]')[1]
      .findAll('button')
      .find((b) => b.text() === 'Keep its chapter')!
    await keep.trigger('click')
    await settle()
    expect(core.books.editions.open(year).droppedValues).toEqual([])
    expect(wrapper.findAll('[data-testid="book-chapter-size"]')[1].text()).toMatch(/^1 story · ~\d+ pages?$/)
    expect(focused()).toBe(wrapper.findAll('[data-testid="book-chapter"]')[1].find('h2').element)
  })
})

describe('keyboard focus while curating', () => {
  it('stays on the arrow that moved a story or a chapter, or on the other arrow at the end of the list', async () => {
    const { wrapper } = await openBook()
    const down = button(wrapper, 'Move Wedding shoes down')
    ;(down.element as HTMLElement).focus()
    await down.trigger('click')
    await settle()
    expect(chapters(wrapper)[0].stories).toEqual(['Late parcel', 'Wedding shoes'])
    // Last in its chapter now: its ↓ is disabled, so ↑ has the focus.
    expect(focused()).toBe(button(wrapper, 'Move Wedding shoes up').element)

    await button(wrapper, 'Move Wedding shoes up').trigger('click')
    await settle()
    expect(focused()).toBe(button(wrapper, 'Move Wedding shoes down').element)

    const chapterUp = button(wrapper, 'Move Be humble up')
    ;(chapterUp.element as HTMLElement).focus()
    await chapterUp.trigger('click')
    await settle()
    expect(chapters(wrapper)[0].name).toBe('Be humble')
    expect(focused()).toBe(button(wrapper, 'Move Be humble down').element)
  })
})

describe('the year the book page opens on', () => {
  it('opens on last year when this year has nothing approved, and says why Export is off for an empty year', async () => {
    const { core } = installCoreBridge()
    const value = valueId(core, 'humble')
    const story = core.stories.create(
      storyFields.parse(
        storyInput(core, { title: 'Last year’s story', happenedOn: `${year - 1}-05-05`, valueIds: [value], primaryValueId: value }),
      ),
      'submitted',
    )
    core.stories.setStatus(story.id, 'approved')
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Only a draft', happenedOn: `${year}-01-05` })), 'draft')
    const { wrapper } = await mountApp('/book')
    // Before, it opened on this year: no chapters, and an Export that failed after the click.
    await eventually(() => expect(chapters(wrapper).map((c) => c.stories)).toEqual([['Last year’s story']]))
    expect((wrapper.find('[data-testid="book-year"]').element as HTMLSelectElement).value).toBe(String(year - 1))
    expect(wrapper.find('[data-testid="export-pdf"]').attributes('disabled')).toBeUndefined()

    await wrapper.find('[data-testid="book-year"]').setValue(String(year))
    await settle()
    await eventually(() => expect(summary(wrapper)).toBe(`No stories to print for ${year} yet.`))
    const reason = wrapper.find('[data-testid="book-export-reason"]')
    expect(reason.text()).toBe(`Nothing to print for ${year}: no stories with the chosen statuses.`)
    for (const label of ['Export PDF', 'Export HTML', 'Preview']) {
      const exportButton = wrapper.findAll('.book-export button').find((b) => b.text() === label)!
      expect(exportButton.attributes('disabled')).toBeDefined()
      expect(exportButton.attributes('aria-describedby')).toBe(reason.attributes('id'))
    }
  })
})
