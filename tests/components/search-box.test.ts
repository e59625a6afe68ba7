import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { CultureBridge } from '../../electron/core/api'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { installHttpBridge } from '../../src/api/http-bridge'
import SearchBox from '../../src/components/SearchBox.vue'
import { isMac } from '../../src/platform'
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

  it('leaves Ctrl+K and ⌘K to the command palette, and its shortcut badge opens the palette too', async () => {
    library()
    const { wrapper } = await mountApp('/search?q=wedding')
    const box = wrapper.find<HTMLInputElement>('[data-testid="search-input"]')
    const palette = wrapper.find<HTMLDialogElement>('[data-testid="command-palette"]')
    // With text in the box the badge makes way for it.
    expect(wrapper.find('.search-box kbd').exists()).toBe(false)
    for (const modifier of [{ ctrlKey: true }, { metaKey: true }]) {
      ;(document.activeElement as HTMLElement | null)?.blur()
      const event = new KeyboardEvent('keydown', { key: 'k', cancelable: true, ...modifier })
      window.dispatchEvent(event)
      await settle()
      expect(event.defaultPrevented).toBe(true)
      expect(palette.element.open).toBe(true)
      expect(document.activeElement).not.toBe(box.element)
      expect(document.activeElement).toBe(wrapper.find('[data-testid="palette-input"]').element)
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', cancelable: true, ...modifier }))
      await settle()
      expect(palette.element.open).toBe(false)
    }
    await box.setValue('')
    await wrapper.find('[data-testid="palette-key"]').trigger('click')
    await settle()
    expect(palette.element.open).toBe(true)
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

  it('names the palette’s keys as the editor reads them: ⌘K on an iPad, where the editor takes ⌘ too', () => {
    const platform = vi.spyOn(navigator, 'platform', 'get')
    try {
      for (const [name, keys] of [
        ['iPad', '⌘K'],
        ['MacIntel', '⌘K'],
        ['Linux x86_64', 'Ctrl K'],
      ]) {
        platform.mockReturnValue(name)
        const { wrapper } = mountAlone(SearchBox)
        expect([name, wrapper.find('kbd').text()]).toEqual([name, keys])
        expect(isMac()).toBe(keys === '⌘K')
        wrapper.unmount()
      }
    } finally {
      platform.mockRestore()
    }
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

const searches = (bridge: CoreBridge) =>
  bridge.calls.filter((c) => c.method === 'search.query').map((c) => (c.input as { text: string }).text)
/** Longer than the pause that ends a burst of typing. */
const pause = () => new Promise((done) => setTimeout(done, 150))

/** Holds the answers to searches for `text` until released, so a test decides which answer comes first. */
function holdSearches(text: string) {
  const call = window.culture.call
  const held: (() => void)[] = []
  window.culture.call = ((method: never, input: { text?: string }, options: never) => {
    const answer = call(method, input as never, options)
    if (method !== 'search.query' || input.text !== text) return answer
    return new Promise((resolve) => held.push(() => resolve(answer)))
  }) as CultureBridge['call']
  return {
    held,
    release: () => {
      for (const done of held.splice(0)) done()
    },
  }
}

describe('typing in the search box', () => {
  it('asks once when typing starts and once for the text a burst of keystrokes ends on, not once per letter', async () => {
    const bridge = library()
    const { wrapper } = await mountApp('/search')
    const box = wrapper.find('[data-testid="search-input"]')
    // A quick typist: each keystroke lands (its address change included) a few milliseconds after the last.
    const typed = ['c', 'co', 'cou', 'cour', 'couri', 'courie', 'courier']
    for (const text of typed) {
      await box.setValue(text)
      await flushPromises()
      await new Promise((done) => setTimeout(done, 5))
    }
    await eventually(() => expect(titles(wrapper)).toEqual(['Courier saves the day', 'Wedding shoes overnight']))
    await pause()
    // The first at once, the last when typing paused; a very slow machine may let one more through.
    expect(searches(bridge)[0]).toBe('c')
    expect(searches(bridge).at(-1)).toBe('courier')
    expect(searches(bridge).length).toBeLessThanOrEqual(3)
  })

  it('never lets an older search that answers late replace the results of a newer one', async () => {
    library()
    const { wrapper } = await mountApp('/search')
    const box = wrapper.find('[data-testid="search-input"]')
    const slow = holdSearches('wedding')
    await box.setValue('wedding')
    await eventually(() => expect(slow.held).toHaveLength(1))
    await pause()
    await box.setValue('returned')
    await eventually(() => expect(titles(wrapper)).toEqual(['Returned twice']))
    slow.release()
    await settle()
    expect(titles(wrapper)).toEqual(['Returned twice'])
    expect(wrapper.find('.error').exists()).toBe(false)
  })

  it('in browser mode aborts the request of a search a newer one replaced, and says nothing of it', async () => {
    const bridge = library()
    const core = bridge.bridge
    const requests: { text: string; signal: AbortSignal }[] = []
    let holdWedding = true
    // The server, reached through fetch as browser mode reaches it; a held request answers only if nobody gave up on it.
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const method = decodeURIComponent(url.replace('/api/', '')) as never
      const input = JSON.parse(String(init.body)) as { text?: string }
      const signal = init.signal!
      if (method === 'search.query') requests.push({ text: input.text ?? '', signal })
      if (method === 'search.query' && input.text === 'wedding' && holdWedding) {
        await new Promise((_, fail) => signal.addEventListener('abort', () => fail(signal.reason)))
      }
      return new Response(JSON.stringify(await core.call(method, input as never)))
    })
    localStorage.setItem('culture-book-token', 'token')
    installHttpBridge()
    // happy-dom has no EventSource: change notices come as the test bridge sends them.
    window.culture.onChange = core.onChange
    const { wrapper } = await mountApp('/search')
    const box = wrapper.find('[data-testid="search-input"]')
    await box.setValue('wedding')
    await eventually(() => expect(requests.map((r) => r.text)).toEqual(['wedding']))
    await pause()
    await box.setValue('returned')
    await eventually(() => expect(titles(wrapper)).toEqual(['Returned twice']))
    expect(requests.map((r) => [r.text, r.signal.aborted])).toEqual([
      ['wedding', true],
      ['returned', false],
    ])
    holdWedding = false
    await settle()
    expect(wrapper.find('.error').exists()).toBe(false)
    expect(titles(wrapper)).toEqual(['Returned twice'])
  })
})
