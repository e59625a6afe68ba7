import { describe, expect, it, vi } from 'vitest'
import demoStories from '../../resources/demo/stories.json'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { storyQuery } from '../../electron/core/stories/story-input'
import { tempCore } from './temp-library'

describe('the demo library', () => {
  it('fills a library with valid stories across every value, status, several years and three languages', () => {
    const core = tempCore()
    seedDemoStories(core)
    const { items, total } = core.stories.list(storyQuery.parse({ limit: 1000 }))
    expect(total).toBeGreaterThanOrEqual(30)
    const primaries = new Set(items.map((s) => s.primaryValueId))
    expect(primaries.size).toBe(10)
    expect(new Set(items.map((s) => s.status))).toEqual(new Set(['draft', 'submitted', 'approved', 'archived']))
    expect(new Set(items.map((s) => s.language))).toEqual(new Set(['en', 'da', 'sv']))
    expect(core.stories.facets().years.length).toBeGreaterThanOrEqual(3)
    expect(items.some((s) => s.isRecovery)).toBe(true)
  })

  it('indexes all the demo stories for search in one delta build, not one per story, and they are findable at once', () => {
    const core = tempCore()
    // Observed, not replaced: every delta build of the search engine goes through replay.
    const builds = vi.spyOn(core.search.engine, 'replay')
    seedDemoStories(core)
    expect(builds).toHaveBeenCalledTimes(1)
    expect(core.search.engine.deltaSize).toBe(demoStories.length)
    const first = core.stories.list(storyQuery.parse({ limit: 1000 })).items.find((s) => s.title === demoStories[0].title)
    expect(core.search.search('"sold out in size 39"', {}, 0, 10).results.map((r) => r.id)).toContain(first?.id)
  })
})
