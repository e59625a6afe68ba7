import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

const year = new Date().getFullYear()

describe('the edition’s language', () => {
  it('is chosen in the edition form, saved, and names the chapters in it', async () => {
    const { core } = installCoreBridge()
    const story = core.stories.create(storyFields.parse(storyInput(core, { happenedOn: `${year}-01-02` })), 'submitted')
    core.stories.setStatus(story.id, 'approved')
    const { wrapper } = await mountApp('/book')
    const chapterNames = () => wrapper.findAll('[data-testid="book-chapter"] h2').map((h) => h.text())
    await eventually(() => expect(chapterNames()).toEqual(['Deliver WOW through service']))
    const select = wrapper.find('[data-testid="book-language"]')
    expect((select.element as HTMLSelectElement).value).toBe('en')
    await select.setValue('da')
    await settle()
    expect(core.books.editions.open(year).language).toBe('da')
    await eventually(() => expect(chapterNames()).toEqual(['Skab WOW gennem service']))
  })
})
