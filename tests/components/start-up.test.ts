import { describe, expect, it } from 'vitest'
import { installCoreBridge } from './core-bridge'
import { manyStories } from './many-stories'
import { eventually, mountApp, settle } from './mount-app'

describe('start-up', () => {
  it('asks for the library, values, counts and first page of the list at once, each once, and shows the list once its page is in', async () => {
    const bridge = installCoreBridge()
    manyStories(bridge.core, 5)
    // Every answer is held until the test lets it go: what the window asks before any answer is what runs in parallel.
    const call = bridge.bridge.call.bind(bridge.bridge)
    const held: { method: string; release: () => void }[] = []
    let open = false
    window.culture.call = ((method: string, input: never) =>
      new Promise((resolve) => {
        const release = () => void call(method as never, input).then(resolve)
        if (open) release()
        else held.push({ method, release })
      })) as typeof window.culture.call

    const { wrapper } = await mountApp('/stories')
    await settle()
    expect(held.map((h) => h.method).sort()).toEqual(['library.info', 'stories.facets', 'stories.list', 'values.list'])

    // The list's own page is enough for its rows to show.
    held.find((h) => h.method === 'stories.list')!.release()
    await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]')).toHaveLength(5))

    open = true
    for (const h of held) if (h.method !== 'stories.list') h.release()
    await settle()
    const methods = bridge.calls.map((c) => c.method)
    expect(methods.filter((m, i) => methods.indexOf(m) !== i)).toEqual([])
  })
})
