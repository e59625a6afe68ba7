import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import SearchBox from '../../src/components/SearchBox.vue'
import { eventually, mountAlone, mountApp, settle } from './mount-app'

function library(): CoreBridge {
  const bridge = installCoreBridge()
  const { core } = bridge
  for (const [title, body] of [
    ['Courier saves the day', 'A good day.'],
    ['Wedding shoes overnight', 'The parcel went out by courier the same night.'],
    ['Returned twice', 'He returned the same jacket twice.'],
  ]) {
    core.stories.create(storyFields.parse(storyInput(core, { title, body, customerContext: null })), 'draft')
  }
  return bridge
}

const titles = (wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper']) =>
  wrapper.findAll('[data-testid="search-result"] .story-title').map((t) => t.text())

describe('the search box', () => {
  it('searches as the user types, and the results come in the library’s ranking with the words marked', async () => {
    library()
    const { wrapper, router } = await mountApp('/stories')
    const box = wrapper.find('[data-testid="search-input"]')
    await box.setValue('courier')
    await eventually(() => expect(titles(wrapper)).toEqual(['Courier saves the day', 'Wedding shoes overnight']))
    expect(router.currentRoute.value.fullPath).toBe('/search?q=courier')
    expect(wrapper.find('[data-testid="search-result"] mark').text()).toBe('Courier')
    expect(wrapper.find('[data-testid="search-summary"]').text()).toBe('2 stories for “courier”')
  })

  it('keeps one history entry per search: Back returns to where the search started', async () => {
    library()
    const { wrapper, router } = await mountApp('/stories')
    const box = wrapper.find('[data-testid="search-input"]')
    // Typed with pauses, so each keystroke's navigation lands before the next.
    for (const text of ['c', 'co', 'cou', 'courier']) {
      await box.setValue(text)
      await settle()
    }
    expect(router.currentRoute.value.fullPath).toBe('/search?q=courier')
    router.back()
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/stories'))
  })

  it('follows the address when it changes, as Back and links change it', async () => {
    library()
    const { wrapper, router } = await mountApp('/search?q=wedding')
    const box = wrapper.find<HTMLInputElement>('[data-testid="search-input"]')
    expect(box.element.value).toBe('wedding')
    await eventually(() => expect(titles(wrapper)).toEqual(['Wedding shoes overnight']))
    await router.push('/search?q=returned')
    await settle()
    expect(box.element.value).toBe('returned')
    await eventually(() => expect(titles(wrapper)).toEqual(['Returned twice']))
  })

  it('takes the focus on Ctrl+K or ⌘K, with the old query selected to type over', async () => {
    library()
    const { wrapper } = await mountApp('/search?q=wedding')
    const box = wrapper.find<HTMLInputElement>('[data-testid="search-input"]')
    expect(wrapper.find('.search-box kbd').exists()).toBe(false)
    for (const modifier of [{ ctrlKey: true }, { metaKey: true }]) {
      ;(document.activeElement as HTMLElement | null)?.blur()
      expect(document.activeElement).not.toBe(box.element)
      const event = new KeyboardEvent('keydown', { key: 'k', cancelable: true, ...modifier })
      window.dispatchEvent(event)
      expect(document.activeElement).toBe(box.element)
      expect(event.defaultPrevented).toBe(true)
      expect([box.element.selectionStart, box.element.selectionEnd]).toEqual([0, 'wedding'.length])
    }
  })

  it('shows the library’s hint when a query cannot match', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    expect(wrapper.find('.search-box kbd').exists()).toBe(true)
    await wrapper.find('[data-testid="search-input"]').setValue('the and of')
    await eventually(() => expect(wrapper.find('[data-testid="search-hint"]').text()).toMatch(/too common/))
    expect(titles(wrapper)).toEqual([])
  })

  it('owns its field’s aria-activedescendant: the row the results page names, on the input itself', async () => {
    const { wrapper } = mountAlone(SearchBox, { activeDescendant: 'search-result-1' })
    const box = wrapper.find('[data-testid="search-input"]')
    expect(box.attributes('aria-activedescendant')).toBe('search-result-1')
    expect(wrapper.find('label').attributes('aria-activedescendant')).toBeUndefined()
    await wrapper.setProps({ activeDescendant: null })
    expect(box.attributes('aria-activedescendant')).toBeUndefined()
  })

  it('lets go of the active row when the results page closes', async () => {
    library()
    const { wrapper, router } = await mountApp('/search?q=courier')
    const box = wrapper.find('[data-testid="search-input"]')
    await eventually(() => expect(titles(wrapper)).toHaveLength(2))
    await box.trigger('keydown', { key: 'ArrowDown' })
    expect(box.attributes('aria-activedescendant')).toMatch(/^search-result-/)
    await router.push('/stories')
    await settle()
    expect(box.attributes('aria-activedescendant')).toBeUndefined()
  })
})
