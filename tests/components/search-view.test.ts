import { describe, expect, it } from 'vitest'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { manyStories } from './many-stories'
import { eventually, mountApp, settle } from './mount-app'

/** Calls the core refused or failed: "show more" must never ask for more than the API allows. */
const refused = (bridge: CoreBridge) =>
  bridge.answers.filter((a) => !a.response.ok).map((a) => `${a.method}: ${JSON.stringify(a.response)}`)

type Wrapper = Awaited<ReturnType<typeof mountApp>>['wrapper']
const results = (wrapper: Wrapper) => wrapper.findAll('[data-testid="search-result"]').length

describe('the search page', () => {
  it('shows more results page by page, past what one call may ask for', async () => {
    const bridge = installCoreBridge()
    // Every story tells of a parcel; more than search.query's cap of 200, so "show more" must go past it.
    const count = 260
    manyStories(bridge.core, count)
    const { wrapper } = await mountApp('/search?q=parcel')
    // A keystroke asks for a screenful (20); each "show more" for 50 more.
    await eventually(() => expect(results(wrapper)).toBe(20))
    for (let click = 0; click < 5; click++) {
      await wrapper.find('.load-more').trigger('click')
      await settle()
    }
    expect(refused(bridge)).toEqual([])
    expect(wrapper.find('.error').exists()).toBe(false)
    expect(results(wrapper)).toBe(count)
    // Each shown once: the pages follow on, not overlap.
    const links = wrapper.findAll('[data-testid="search-result"] .story-title').map((a) => a.attributes('href'))
    expect(new Set(links).size).toBe(count)
    expect(wrapper.find('.load-more').exists()).toBe(false)
    expect(wrapper.find('[data-testid="search-summary"]').text()).toBe(`${count} stories for “parcel”`)
  })

  it('keeps the filters in the address beside the text, so Back returns to the same results', async () => {
    const bridge = installCoreBridge()
    manyStories(bridge.core, 3)
    const { wrapper, router } = await mountApp('/search?q=parcel')
    await eventually(() => expect(results(wrapper)).toBe(3))
    await wrapper.find('[data-testid="filter-author"]').setValue('Astrid Lund')
    const status = () => wrapper.findAll('.filters select').find((s) => s.findAll('option').some((o) => o.attributes('value') === 'draft'))!
    await status().setValue('draft')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'parcel', author: 'Astrid Lund', status: 'draft' })

    await wrapper.find('[data-testid="search-result"] .story-title').trigger('click')
    await eventually(() => expect(router.currentRoute.value.name).toBe('story'))
    router.back()
    await eventually(() => expect(router.currentRoute.value.name).toBe('search'))
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'parcel', author: 'Astrid Lund', status: 'draft' })
    expect((wrapper.find('[data-testid="filter-author"]').element as HTMLInputElement).value).toBe('Astrid Lund')
    expect((status().element as HTMLSelectElement).value).toBe('draft')
    await eventually(() => expect(results(wrapper)).toBe(3))
  })

  it('moves through the results with the arrow keys from the search field, and Enter opens the active story', async () => {
    const bridge = installCoreBridge()
    manyStories(bridge.core, 3)
    const { wrapper, router } = await mountApp('/stories')
    const box = wrapper.find<HTMLInputElement>('[data-testid="search-input"]')
    await box.setValue('parcel')
    await eventually(() => expect(results(wrapper)).toBe(3))
    const rows = () => wrapper.findAll('[data-testid="search-result"]')
    const selected = () => rows().map((r) => r.attributes('aria-selected'))
    expect(wrapper.find('[role="grid"]').attributes('aria-label')).toBe('Search results')

    await box.trigger('keydown', { key: 'ArrowDown' })
    await box.trigger('keydown', { key: 'ArrowDown' })
    expect(selected()).toEqual(['false', 'true', 'false'])
    expect(box.attributes('aria-activedescendant')).toBe(rows()[1].attributes('id'))
    // Escape lets go of the row and keeps the text; the keys start again from the top.
    await box.trigger('keydown', { key: 'Escape' })
    expect(selected()).toEqual(['false', 'false', 'false'])
    expect(box.attributes('aria-activedescendant')).toBeUndefined()
    expect(box.element.value).toBe('parcel')
    // The ends stop the cursor, as a desktop list does.
    for (let press = 0; press < 5; press++) await box.trigger('keydown', { key: 'ArrowDown' })
    expect(selected()).toEqual(['false', 'false', 'true'])
    await box.trigger('keydown', { key: 'ArrowUp' })
    expect(selected()).toEqual(['false', 'true', 'false'])

    const second = rows()[1].find('.story-title').attributes('href')
    await box.trigger('keydown', { key: 'Enter' })
    await eventually(() => expect(router.currentRoute.value.name).toBe('story'))
    expect(router.currentRoute.value.fullPath).toBe(second)
  })
})
