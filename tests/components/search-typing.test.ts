import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { CultureBridge } from '../../electron/core/api'
import { storyFields } from '../../electron/core/stories/story-input'
import { installHttpBridge } from '../../src/api/http-bridge'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

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

type Wrapper = Awaited<ReturnType<typeof mountApp>>['wrapper']
const titles = (wrapper: Wrapper) => wrapper.findAll('[data-testid="search-result"] .story-title').map((t) => t.text())
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
    sessionStorage.setItem('culture-book-token', 'token')
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
