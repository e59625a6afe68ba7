import { describe, expect, it } from 'vitest'
import { DELTA_LIMIT } from '../../electron/core/search/search-engine'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore } from './temp-library'

describe('search after status changes', () => {
  it('refiles submitted and approved stories without reindexing them, so a day of reviews needs no full build', async () => {
    const core = tempCore()
    const count = DELTA_LIMIT + 16
    const ids = core.search.batch(() =>
      Array.from(
        { length: count },
        (_, i) => core.stories.create(storyFields.parse(storyInput(core, { title: `Parcel ${i} went north` })), 'draft').id,
      ),
    )
    core.search.rebuildNow()
    const events: unknown[] = []
    core.changes.subscribe((event) => events.push(event))

    // One by one, as a team submits and approves; then a batch, as the review queue does.
    for (const id of ids.slice(0, count - 10)) core.stories.setStatus(id, 'submitted')
    core.stories.setStatusMany(ids.slice(count - 10), 'submitted')
    for (const id of ids.slice(0, 20)) core.stories.setStatus(id, 'approved')

    expect(core.search.engine.deltaSize).toBe(0)
    expect(core.search.engine.needsRebuild).toBe(false)
    expect(events).toContainEqual({ topic: 'stories', ids: [ids[0]], statusOnly: true })
    // The filters see the new status at once, and the text is found as before.
    const approved = core.search.search('parcel', { status: 'approved' }, 0, 200)
    expect(approved.results.map((r) => r.id).sort()).toEqual(ids.slice(0, 20).sort())
    expect(approved.results.every((r) => r.status === 'approved')).toBe(true)
    expect(core.search.search('parcel', { status: 'submitted' }, 0, 200).total).toBe(count - 20)
    expect(core.search.search('parcel', { status: 'draft' }, 0, 200).total).toBe(0)

    // An edit still changes the text, so it is reindexed.
    const edited = core.stories.get(ids[1])
    core.stories.update(ids[1], storyFields.parse(storyInput(core, { title: 'Giraffe on the loading dock' })), {
      baseUpdatedAt: edited.updatedAt,
    })
    expect(core.search.engine.deltaSize).toBe(1)
    expect(core.search.search('giraffe', {}, 0, 10).results.map((r) => r.id)).toEqual([ids[1]])
    await core.search.idle()
  })
})
