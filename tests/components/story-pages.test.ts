import fc from 'fast-check'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import type { CultureBridge } from '../../electron/core/api'
import { storyFields } from '../../electron/core/stories/story-input'
import { useStoriesStore, type StoryFilters } from '../../src/stores/stories'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'

type Stories = ReturnType<typeof useStoriesStore>
interface Real {
  stories: Stories
  bridge: CoreBridge
}
/** What the list shows as it scrolls and changes, fired as the window fires it: nothing waits for the last answer. */
type Model = Record<string, never>
type Step = fc.AsyncCommand<Model, Real>

const TEAMS = ['', 'Loyalty', 'Warehouse'] as const
const running: Promise<unknown>[] = []
const fire = (work: Promise<unknown>) => running.push(work.catch(() => {}))

class Show implements Step {
  constructor(
    readonly first: number,
    readonly span: number,
  ) {}
  check = () => true
  async run(_: Model, { stories }: Real) {
    fire(stories.show(this.first, this.first + this.span))
  }
  toString = () => `show(${this.first}, +${this.span})`
}
class Filter implements Step {
  constructor(
    readonly team: (typeof TEAMS)[number],
    readonly sort: StoryFilters['sort'],
  ) {}
  check = () => true
  async run(_: Model, { stories }: Real) {
    Object.assign(stories.filters, { team: this.team, sort: this.sort })
    fire(stories.load(true))
  }
  toString = () => `filter(${this.team || 'any'}, ${this.sort})`
}
/** A story written or trashed elsewhere: the change notice makes the window read the list again. */
class Change implements Step {
  constructor(
    readonly team: (typeof TEAMS)[number],
    readonly trash: boolean,
  ) {}
  check = () => true
  async run(_: Model, { stories, bridge: { core } }: Real) {
    const some = core.stories.list({ limit: 1, offset: 0, sort: 'title', trashed: false }).items[0]
    if (this.trash && some) core.stories.trash(some.id)
    else core.stories.create(storyFields.parse(storyInput(core, { title: `New ${Math.random()}`, team: this.team || 'Other' })), 'draft')
    fire(stories.load())
  }
  toString = () => (this.trash ? 'trash one' : `write one (${this.team || 'Other'})`)
}

const steps = [
  fc.tuple(fc.integer({ min: 0, max: 330 }), fc.integer({ min: 0, max: 40 })).map(([first, span]) => new Show(first, span)),
  fc
    .tuple(fc.constantFrom(...TEAMS), fc.constantFrom<StoryFilters['sort']>('newest', 'oldest', 'title'))
    .map(([team, sort]) => new Filter(team, sort)),
  fc.tuple(fc.constantFrom(...TEAMS), fc.boolean()).map(([team, trash]) => new Change(team, trash)),
]

describe('the story list read page by page', () => {
  it('shows, after any mix of scrolling, filtering and changes answered in any order, only rows where the library has them and its true count', async () => {
    const bridge = installCoreBridge()
    const { core } = bridge
    for (let i = 0; i < 260; i++) {
      core.stories.create(
        storyFields.parse(
          storyInput(core, {
            title: `Story ${String(i).padStart(3, '0')}`,
            team: TEAMS[1 + (i % 2)],
            happenedOn: `20${10 + (i % 15)}-03-01`,
          }),
        ),
        'draft',
      )
    }
    const call: CultureBridge['call'] = bridge.bridge.call.bind(bridge.bridge)
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.commands(steps, { maxCommands: 25 }), async (s, commands) => {
        setActivePinia(createPinia())
        // Each answer comes back when the scheduler says: a slow early page may arrive after a later one.
        window.culture.call = ((method: never, input: never) => s.schedule(call(method, input))) as CultureBridge['call']
        const stories = useStoriesStore()
        running.length = 0
        fire(stories.load())
        await fc.asyncModelRun(() => ({ model: {}, real: { stories, bridge } }), commands)
        while (running.length) {
          await s.waitAll()
          await Promise.all(running.splice(0))
        }
        const { filters } = stories
        const truth = core.stories.list({ team: filters.team || undefined, sort: filters.sort, trashed: false, offset: 0, limit: 1000 })
        expect(stories.total).toBe(truth.total)
        for (let i = 0; i < stories.total; i++) {
          const row = stories.rowAt(i)
          if (row) expect(row.id, `row ${i}`).toBe(truth.items[i].id)
        }
        expect(stories.rowAt(stories.total)).toBeUndefined()
        expect(stories.loading).toBe(false)
      }),
      { numRuns: 40 },
    )
    window.culture.call = call
    expect(bridge.answers.filter((a) => !a.response.ok)).toEqual([])
  }, 120_000)
})
