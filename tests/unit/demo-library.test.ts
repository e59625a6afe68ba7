import { describe, expect, it } from 'vitest'
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
})
