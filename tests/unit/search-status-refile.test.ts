import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { buildAndSave } from '../../electron/core/search/index-snapshot'
import { DELTA_LIMIT } from '../../electron/core/search/search-engine'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

describe('search after status changes', () => {
  it('refiles submitted and approved stories without reindexing them, so a day of reviews needs no full build', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const count = DELTA_LIMIT + 16
    const setup = tempCore(file)
    const ids = setup.search.batch(() =>
      Array.from(
        { length: count },
        (_, i) => setup.stories.create(storyFields.parse(storyInput(setup, { title: `Parcel ${i} went north` })), 'draft').id,
      ),
    )
    setup.search.rebuildNow()
    setup.close()
    // Opened again with its saved index, counting the full builds it asks for.
    let rebuilds = 0
    const core = openCore(file, { rebuildSearch: () => (rebuilds++, new Promise(() => {})) })
    try {
      await core.search.ready
      const events: unknown[] = []
      core.changes.subscribe((event) => events.push(event))

      // One by one, as a team submits and approves; a few at once, as the review queue does.
      for (const id of ids.slice(0, count - 10)) core.stories.setStatus(id, 'submitted')
      core.stories.setStatusMany(ids.slice(count - 10), 'submitted')
      for (const id of ids.slice(0, 20)) core.stories.setStatus(id, 'approved')
      expect(events).toContainEqual({ topic: 'stories', ids: [ids[0]], statusOnly: true })
      // The filters see the new status at once, and the text is found as before.
      const approved = core.search.search('parcel', { status: 'approved' }, 0, 200)
      expect(approved.results.map((r) => r.id).sort()).toEqual(ids.slice(0, 20).sort())
      expect(approved.results.every((r) => r.status === 'approved')).toBe(true)
      expect(core.search.search('parcel', { status: 'submitted' }, 0, 200).total).toBe(count - 20)
      expect(core.search.search('parcel', { status: 'draft' }, 0, 200).total).toBe(0)

      // Through a batch, as a team server's audited review runs, and more than DELTA_LIMIT at once.
      core.search.batch(() => core.stories.setStatus(ids[20], 'approved'))
      core.stories.setStatusMany(ids, 'archived')
      expect(core.search.search('parcel', { status: 'archived' }, 0, 200).total).toBe(count)
      expect(core.search.engine.deltaSize).toBe(0)
      expect(rebuilds).toBe(0)

      // An edit changes the text, so it is reindexed, inside a batch too.
      const edited = core.stories.get(ids[1])
      core.search.batch(() =>
        core.stories.update(ids[1], storyFields.parse(storyInput(core, { title: 'Giraffe on the loading dock' })), {
          baseUpdatedAt: edited.updatedAt,
        }),
      )
      expect(core.search.engine.deltaSize).toBe(1)
      expect(core.search.search('giraffe', {}, 0, 10).results.map((r) => r.id)).toEqual([ids[1]])
    } finally {
      core.close()
    }
  })

  it('runs one full build for a run of edits, not a second one queued behind it', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const setup = tempCore(file)
    const ids = setup.search.batch(() =>
      Array.from({ length: DELTA_LIMIT + 8 }, (_, i) =>
        setup.stories.create(storyFields.parse(storyInput(setup, { title: `Parcel ${i}` })), 'draft'),
      ),
    )
    setup.search.rebuildNow()
    setup.close()
    let rebuilds = 0
    const core = openCore(file, {
      rebuildSearch: async () => {
        rebuilds++
        await new Promise((resolve) => setTimeout(resolve, 10))
        return buildAndSave(core.db)
      },
    })
    try {
      await core.search.ready
      // One by one, as people save: the build starts after DELTA_LIMIT + 1 and the last ones come while it runs.
      for (const story of ids) {
        core.stories.update(story.id, storyFields.parse(storyInput(core, { title: `${story.title}, checked` })), {
          baseUpdatedAt: story.updatedAt,
        })
      }
      await core.search.idle()
      expect(rebuilds).toBe(1)
      expect(core.search.engine.deltaSize).toBe(0)
      expect(core.search.search('checked', {}, 0, 200).total).toBe(ids.length)
    } finally {
      core.close()
    }
  })
})
