import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { manyStories } from './many-stories'
import { eventually, mountApp, notices, settle } from './mount-app'

function library() {
  const bridge = installCoreBridge()
  const { core } = bridge
  for (const [title, team, happenedOn] of [
    ['Shoes in time', 'Loyalty', '2024-04-01'],
    ['A late parcel', 'Warehouse', '2024-05-01'],
    ['The wrong size', 'Loyalty', '2023-06-01'],
  ]) {
    core.stories.create(storyFields.parse(storyInput(core, { title, team, happenedOn })), 'draft')
  }
  return bridge
}

/** Calls the core refused or failed: a page of the list must never ask for more than the API allows. */
const refused = (bridge: CoreBridge) =>
  bridge.answers.filter((a) => !a.response.ok).map((a) => `${a.method}: ${JSON.stringify(a.response)}`)

describe('the story list', () => {
  it('offers "My stories" only on a team server, asking the core for the caller’s own stories', async () => {
    const bridge = library()
    const first = await mountApp('/stories')
    await eventually(() => expect(first.wrapper.findAll('[data-testid="story-row"]')).toHaveLength(3))
    expect(first.wrapper.find('[data-testid="filter-mine"]').exists()).toBe(false)
    first.wrapper.unmount()

    // The page a team server served carries this <meta>; the toggle asks stories.list for mine: true.
    const meta = Object.assign(document.createElement('meta'), { name: 'culture-server', content: 'team' })
    document.head.append(meta)
    try {
      const { wrapper } = await mountApp('/stories')
      const toggle = wrapper.find('[data-testid="filter-mine"]')
      expect(toggle.element.closest('label')!.textContent!.trim()).toBe('My stories')
      await toggle.setValue(true)
      await settle()
      expect(bridge.calls.filter((c) => c.method === 'stories.list').at(-1)!.input).toMatchObject({ mine: true })
      expect(wrapper.text()).toContain('Clear filters')
      // Exporting what is shown reads the same narrowed list.
      await wrapper.find('[data-testid="export-filtered"]').trigger('click')
      await eventually(() => expect(bridge.calls.some((c) => c.method === 'exchange.exportPack')).toBe(true))
      const listed = bridge.calls.filter((c) => c.method === 'stories.list')
      expect(listed.at(-1)!.input).toMatchObject({ mine: true })
    } finally {
      meta.remove()
    }
  })

  it('filters by year and team, from what the library holds', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const shown = () => wrapper.findAll('[data-testid="story-row"] .story-title').map((t) => t.text())
    await eventually(() => expect(shown()).toHaveLength(3))
    const options = (testid: string) => wrapper.findAll(`[data-testid="${testid}"] option`).map((o) => o.text())
    expect(options('filter-year')).toEqual(['Any year', '2024', '2023'])
    // The team is typed, with the library's teams suggested.
    expect(wrapper.findAll('.filters datalist option').map((o) => o.attributes('value'))).toEqual(['Loyalty', 'Warehouse'])
    expect(wrapper.find('[data-testid="filter-team"]').attributes('placeholder')).toBe('Any team')

    await wrapper.find('[data-testid="filter-year"]').setValue('2024')
    await wrapper.find('[data-testid="filter-team"]').setValue('Loyalty')
    await settle()
    expect(shown()).toEqual(['Shoes in time'])
    expect(wrapper.find('[data-testid="story-count"]').text()).toMatch(/^1 story\b/)

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Clear filters')!
      .trigger('click')
    await settle()
    expect(shown()).toHaveLength(3)
  })

  // The list was blank for 0.6 s on a big library, then said "0 stories" before its rows came.
  it('shows the list’s shape at once while its first rows are read', async () => {
    const bridge = library()
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const call = bridge.bridge.call
    bridge.bridge.call = (async (method, input, options) => {
      if (method === 'stories.list') await held
      return call(method, input, options)
    }) as typeof call
    const { wrapper } = await mountApp('/stories')
    await settle()
    expect(wrapper.findAll('[data-testid="story-skeleton"] .skeleton-row')).toHaveLength(4)
    expect(wrapper.find('[data-testid="story-skeleton"]').attributes('aria-hidden')).toBe('true')
    expect(wrapper.find('[data-testid="story-count"]').text()).toBe('Loading stories…')
    expect(wrapper.find('.empty').exists()).toBe(false)
    release()
    await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]')).toHaveLength(3))
    expect(wrapper.find('[data-testid="story-skeleton"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="story-count"]').text()).toMatch(/^3 stories\b/)
  })

  it('in a browser, downloads the pack of the stories shown once it is written', async () => {
    const bridge = installCoreBridge({ shell: 'browser' })
    bridge.core.stories.create(storyFields.parse(storyInput(bridge.core, { title: 'Shoes in time' })), 'draft')
    const opened: string[] = []
    bridge.bridge.openJobFile = async (id) => void opened.push(id)
    const { wrapper } = await mountApp('/stories')
    await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]')).toHaveLength(1))
    await wrapper.find('[data-testid="export-filtered"]').trigger('click')
    await eventually(() => expect(notices(wrapper).map((n) => n.text)).toContain('1 story exported: your browser is downloading the pack.'))
    const packJob = bridge.answers.find((a) => a.method === 'exchange.exportPack')!.response as { ok: true; value: { id: string } }
    expect(opened).toEqual([packJob.value.id])
  })

  // Seen in CI: the job's end arrived as a change notice before the reply that started it, and the download never came.
  it('in a browser, downloads the pack even when the job ends before the reply that started it', async () => {
    const bridge = installCoreBridge({ shell: 'browser' })
    bridge.core.stories.create(storyFields.parse(storyInput(bridge.core, { title: 'Shoes in time' })), 'draft')
    const opened: string[] = []
    bridge.bridge.openJobFile = async (id) => void opened.push(id)
    const call = bridge.bridge.call
    bridge.bridge.call = (async (method, input, options) => {
      const answer = await call(method, input, options)
      if (method === 'exchange.exportPack' && answer.ok) {
        const id = (answer.value as { id: string }).id
        while (bridge.core.jobs.get(id).state === 'running') await new Promise((r) => setTimeout(r, 5))
        // The change notice (delivered a turn later) lands first.
        await new Promise((r) => setTimeout(r, 20))
      }
      return answer
    }) as typeof call
    const { wrapper } = await mountApp('/stories')
    await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]')).toHaveLength(1))
    await wrapper.find('[data-testid="export-filtered"]').trigger('click')
    await eventually(() => expect(opened).toHaveLength(1))
    expect(notices(wrapper).map((n) => n.text)).toContain('1 story exported: your browser is downloading the pack.')
  })

  it('exports just the stories the filters show as a pack', async () => {
    const bridge = library()
    const { wrapper } = await mountApp('/stories')
    await wrapper.find('[data-testid="filter-team"]').setValue('Loyalty')
    await settle()
    const exportButton = wrapper.find('[data-testid="export-filtered"]')
    expect(exportButton.text()).toBe('Export these as a pack')
    await exportButton.trigger('click')
    // The pack is written by a job; its end arrives as a change notice.
    await eventually(() => expect(notices(wrapper).map((n) => n.text)).toContainEqual(expect.stringMatching(/^2 stories written to /)))
    const path = notices(wrapper)
      .map((n) => /^2 stories written to (.*)\.$/.exec(n.text)?.[1])
      .find(Boolean)!
    const pack = JSON.parse(readFileSync(path, 'utf8')) as { stories: { title: string }[] }
    expect(pack.stories.map((s) => s.title).sort()).toEqual(['Shoes in time', 'The wrong size'])
    expect(path.startsWith(bridge.folder)).toBe(true)
  })

  it('keeps only the rows in view in the page for a 10,000-story library, reading pages as it scrolls and never more than a call may ask', async () => {
    const bridge = installCoreBridge()
    const count = 10_000
    manyStories(bridge.core, count)
    // happy-dom lays nothing out: every row is 150 px tall, as the virtualizer measures it, in a 768 px window.
    const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')!
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.dataset.index === undefined ? 0 : 150
      },
    })
    try {
      const { wrapper, router } = await mountApp('/stories')
      const slots = () => wrapper.findAll('[role="listitem"]')
      const positions = () => slots().map((s) => Number(s.attributes('aria-posinset')))
      await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]').length).toBeGreaterThan(3))
      expect(wrapper.find('[data-testid="story-count"]').text()).toBe('10,000 stories')
      expect(slots().length).toBeLessThanOrEqual(20)
      expect(positions()[0]).toBe(1)
      expect(new Set(slots().map((s) => s.attributes('aria-setsize')))).toEqual(new Set(['10000']))
      expect(wrapper.find('[role="list"]').attributes('aria-label')).toBe('Stories')
      const listed = () => bridge.calls.filter((c) => c.method === 'stories.list').map((c) => c.input as { offset: number; limit: number })
      expect(listed().reduce((n, c) => n + c.limit, 0)).toBeLessThanOrEqual(200)

      // A row holding the focus stays in the page when it scrolls out of view, so Tab goes on from it.
      const third = wrapper.findAll<HTMLAnchorElement>('[data-testid="story-row"] .story-title')[2]
      third.element.focus()
      expect(document.activeElement).toBe(third.element)

      // Halfway down: the rows there, read by the page they are in.
      window.scrollTo(0, 163 * 5000)
      window.dispatchEvent(new Event('scroll'))
      await eventually(() => expect(positions()).toContain(5001))
      await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]').length).toBe(slots().length))
      expect(slots().length).toBeLessThanOrEqual(21)
      expect(listed().some((c) => c.offset === 5000)).toBe(true)
      expect(positions()[0]).toBe(3)
      expect(document.activeElement).toBe(third.element)
      ;(document.activeElement as HTMLElement).blur()

      // The end, and back: the list reads again only what it shows.
      window.scrollTo(0, 163 * count)
      window.dispatchEvent(new Event('scroll'))
      await eventually(() => expect(positions()).toContain(count))
      await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]').length).toBe(slots().length))
      await router.push('/search')
      await settle()
      router.back()
      await eventually(() => expect(router.currentRoute.value.path).toBe('/stories'))
      await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]').length).toBeGreaterThan(3))
      expect(slots().length).toBeLessThanOrEqual(20)
      expect(refused(bridge)).toEqual([])
      expect(listed().every((c) => c.limit <= 1000)).toBe(true)
      expect(listed().reduce((n, c) => n + c.limit, 0)).toBeLessThan(1000)
    } finally {
      Object.defineProperty(HTMLElement.prototype, 'offsetHeight', height)
      window.scrollTo(0, 0)
    }
  }, 60_000)

  it('keeps the filters in the address, so Back and a reload return to them', async () => {
    library()
    const { wrapper, router } = await mountApp('/stories')
    const shown = () => wrapper.findAll('[data-testid="story-row"] .story-title').map((t) => t.text())
    await eventually(() => expect(shown()).toHaveLength(3))
    await wrapper.find('[data-testid="filter-team"]').setValue('Loyalty')
    await wrapper.find('[data-testid="sort"]').setValue('title')
    await settle()
    expect(shown()).toEqual(['Shoes in time', 'The wrong size'])
    expect(router.currentRoute.value.query).toEqual({ team: 'Loyalty', sort: 'title' })

    await wrapper.find('[data-testid="story-row"] .story-title').trigger('click')
    await eventually(() => expect(router.currentRoute.value.name).toBe('story'))
    router.back()
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/stories?team=Loyalty&sort=title'))
    await settle()
    expect(shown()).toEqual(['Shoes in time', 'The wrong size'])
    expect((wrapper.find('[data-testid="filter-team"]').element as HTMLSelectElement).value).toBe('Loyalty')

    // The address alone is enough: a fresh window opened at it shows the same list.
    const again = await mountApp('/stories?team=Warehouse&year=2024')
    await eventually(() =>
      expect(again.wrapper.findAll('[data-testid="story-row"] .story-title').map((t) => t.text())).toEqual(['A late parcel']),
    )
    expect((again.wrapper.find('[data-testid="filter-team"]').element as HTMLSelectElement).value).toBe('Warehouse')
  })
})
