import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
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

describe('the story list', () => {
  it('filters by year and team, from what the library holds', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const shown = () => wrapper.findAll('[data-testid="story-row"] .story-title').map((t) => t.text())
    await eventually(() => expect(shown()).toHaveLength(3))
    const options = (testid: string) => wrapper.findAll(`[data-testid="${testid}"] option`).map((o) => o.text())
    expect(options('filter-year')).toEqual(['Any year', '2024', '2023'])
    expect(options('filter-team')).toEqual(['Any team', 'Loyalty', 'Warehouse'])

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
})
