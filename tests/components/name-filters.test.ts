import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

function library() {
  const bridge = installCoreBridge()
  const { core } = bridge
  for (const [title, team, author] of [
    ['Shoes in time', 'Customer Loyalty', 'Åsa Ek'],
    ['A late parcel', 'Warehouse North', 'Astrid Lund'],
    ['The wrong size', 'Ålborg Store', 'Bo Ek'],
  ]) {
    core.stories.create(storyFields.parse(storyInput(core, { title, team, author, body: 'The parcel came in time.' })), 'draft')
  }
  return bridge
}

type Wrapper = Awaited<ReturnType<typeof mountApp>>['wrapper']
/** The names the team field suggests, and the field's list as the browser reads it. */
function suggested(wrapper: Wrapper, testid = 'filter-team') {
  const field = wrapper.find(`[data-testid="${testid}"]`)
  const list = wrapper.find(`datalist#${CSS.escape(field.attributes('list')!)}`)
  return list.findAll('option').map((o) => o.attributes('value'))
}

describe('the team and author filters', () => {
  it('on the story list, suggests the library’s teams that contain what was typed, in any case, and lists their stories', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const titles = () => wrapper.findAll('[data-testid="story-row"] .story-title').map((t) => t.text())
    await eventually(() => expect(titles()).toHaveLength(3))
    const field = wrapper.find<HTMLInputElement>('[data-testid="filter-team"]')
    // Labelled by its label, suggesting through a datalist: the browser's own keyboard-usable list.
    expect(field.element.closest('label')!.textContent).toContain('Team')
    expect(suggested(wrapper)).toEqual(['Ålborg Store', 'Customer Loyalty', 'Warehouse North'])

    await field.setValue('LOY')
    await settle()
    expect(suggested(wrapper)).toEqual(['Customer Loyalty'])
    expect(titles()).toEqual(['Shoes in time'])
    await field.setValue('ålb')
    await settle()
    expect(suggested(wrapper)).toEqual(['Ålborg Store'])
    expect(titles()).toEqual(['The wrong size'])
    // A chosen suggestion is the whole name: nothing more to suggest.
    await field.setValue('Ålborg Store')
    await settle()
    expect(suggested(wrapper)).toEqual([])
    expect(titles()).toEqual(['The wrong size'])
  })

  it('on the search page, filters by any part of a team or author name, in any case, and suggests both', async () => {
    library()
    const { wrapper, router } = await mountApp('/search?q=parcel')
    const titles = () => wrapper.findAll('[data-testid="search-result"] .story-title').map((t) => t.text())
    await eventually(() => expect(titles()).toHaveLength(3))
    await wrapper.find('[data-testid="filter-team"]').setValue('north')
    await eventually(() => expect(titles()).toEqual(['A late parcel']))
    expect(suggested(wrapper)).toEqual(['Warehouse North'])
    await wrapper.find('[data-testid="filter-team"]').setValue('')
    await wrapper.find('[data-testid="filter-author"]').setValue('ek')
    await eventually(() => expect(titles().sort()).toEqual(['Shoes in time', 'The wrong size']))
    expect(router.currentRoute.value.query).toEqual({ q: 'parcel', author: 'ek' })
    // The author field suggests the library's authors the same way.
    expect(suggested(wrapper, 'filter-author').map((n) => n?.normalize('NFC'))).toEqual(['Åsa Ek'.normalize('NFC'), 'Bo Ek'])
  })
})
