import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import { ApiError } from '../../src/api/culture'
import { useJobsStore } from '../../src/stores/jobs'
import { useNoticesStore } from '../../src/stores/notices'
import { useStoriesStore } from '../../src/stores/stories'
import { useValuesStore } from '../../src/stores/values'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.useRealTimers())

const job = (state: JobState['state'], progress = 0): JobState => ({ id: 'job-1', kind: 'pack-export', state, progress, phase: state })

describe('the jobs store', () => {
  it('follows a job, but never back to running once it has ended', () => {
    const jobs = useJobsStore()
    jobs.update(job('running', 0.2))
    jobs.update(job('running', 0.6))
    expect(jobs.jobs['job-1']).toMatchObject({ state: 'running', progress: 0.6 })
    jobs.update(job('done', 1))
    // The reply that started it can arrive after the notice that it ended.
    jobs.update(job('running', 0.2))
    expect(jobs.jobs['job-1'].state).toBe('done')
  })
})

describe('the notices store', () => {
  it('says what happened, or why not, and lets errors stay longer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const notices = useNoticesStore()
    expect(
      await notices.attempt(
        async () => 7,
        (n) => `Made ${n}.`,
      ),
    ).toBe(7)
    expect(await notices.attempt(() => Promise.reject(new Error('The disk is full.')), 'Never shown.')).toBeUndefined()
    expect(notices.notices.map((n) => [n.kind, n.text])).toEqual([
      ['info', 'Made 7.'],
      ['error', 'The disk is full.'],
    ])
    vi.advanceTimersByTime(4000)
    expect(notices.notices.map((n) => n.kind)).toEqual(['error'])
    vi.advanceTimersByTime(6000)
    expect(notices.notices).toEqual([])
  })

  it('offers an Undo that runs once, stays long enough to reach, and does not pile notices up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const notices = useNoticesStore()
    const undone: number[] = []
    await notices.attempt(async () => 3, 'Moved to the trash.', { undo: async (n) => void undone.push(n) })
    const [shown] = notices.notices
    expect(shown.undo).toBeTypeOf('function')
    vi.advanceTimersByTime(4000)
    expect(notices.notices).toHaveLength(1)
    await notices.undo(shown.id)
    await notices.undo(shown.id)
    expect(undone).toEqual([3])
    expect(notices.notices).toEqual([])
    for (const n of [1, 2, 3, 4, 5]) notices.info(`Saved ${n}.`)
    notices.error(new Error('The disk is full.'))
    notices.error(new Error('The disk is full.'))
    expect(notices.notices.map((n) => n.text)).toEqual(['Saved 4.', 'Saved 5.', 'The disk is full.'])
  })

  it('turns a failing Undo into an error notice', async () => {
    const notices = useNoticesStore()
    notices.info('Archived.', { undo: () => Promise.reject(new Error('The library is read-only.')) })
    await notices.undo(notices.notices[0].id)
    expect(notices.notices.map((n) => [n.kind, n.text])).toEqual([['error', 'The library is read-only.']])
  })
})

describe('the values store', () => {
  it('mirrors the library’s values and their order', async () => {
    const { core } = installCoreBridge()
    const values = useValuesStore()
    expect(values.loaded).toBe(false)
    await values.load()
    expect(values.values.map((v) => v.id)).toEqual(core.values.list().map((v) => v.id))
    const [first, second, ...rest] = values.values.map((v) => v.id)
    await values.reorder([second, first, ...rest])
    expect(values.values.slice(0, 2).map((v) => v.id)).toEqual([second, first])
    expect(core.values.list()[0].id).toBe(second)
    expect(values.byId.get(first)?.name).toBe(core.values.list()[1].name)
  })

  it('passes on the library’s refusal with the field it concerns', async () => {
    installCoreBridge()
    const values = useValuesStore()
    const err = await values.create({ name: '', description: '', color: '#123456' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(Object.keys((err as ApiError).fieldErrors())).toEqual(['name'])
  })
})

describe('the stories store', () => {
  function library(count: number) {
    const bridge = installCoreBridge()
    const { core } = bridge
    for (let i = 0; i < count; i++) {
      core.stories.create(
        storyFields.parse(
          storyInput(core, {
            title: `Story ${String(i).padStart(3, '0')}`,
            team: i % 2 ? 'Odd' : 'Even',
            happenedOn: i < 10 ? '2023-03-01' : '2024-03-01',
          }),
        ),
        i % 3 ? 'draft' : 'submitted',
      )
    }
    return bridge
  }

  /** The rows the store holds, in order, up to the first it has not read. */
  const items = (stories: ReturnType<typeof useStoriesStore>) => {
    const rows = []
    for (let i = 0; i < stories.total && stories.rowAt(i); i++) rows.push(stories.rowAt(i)!)
    return rows
  }

  it('reads the list a page at a time as rows come into view, and a refresh reads again the rows that were showing', async () => {
    library(105)
    const stories = useStoriesStore()
    await stories.load()
    expect([items(stories).length, stories.total]).toEqual([100, 105])
    await stories.show(95, 104)
    expect(items(stories).length).toBe(105)
    expect(new Set(items(stories).map((s) => s.id)).size).toBe(105)
    await stories.load()
    expect(stories.rowAt(104)).toBeDefined()
    expect(items(stories).length).toBe(105)
  })

  it('asks the library for exactly what the filters say, and counts what is there', async () => {
    library(30)
    const stories = useStoriesStore()
    Object.assign(stories.filters, { team: 'Odd', year: '2023', sort: 'title' })
    await stories.load()
    // Odd stories among the first ten: 1, 3, 5, 7, 9; by title.
    expect(items(stories).map((s) => s.title)).toEqual(['Story 001', 'Story 003', 'Story 005', 'Story 007', 'Story 009'])
    stories.filters.status = 'submitted'
    await stories.load()
    expect(items(stories).map((s) => s.title)).toEqual(['Story 003', 'Story 009'])
    stories.resetFilters()
    await stories.load()
    expect(stories.total).toBe(30)
    await stories.loadFacets()
    expect(stories.facets).toMatchObject({ years: [2024, 2023], teams: ['Even', 'Odd'], statusCounts: { submitted: 10, draft: 20 } })
  })
})
