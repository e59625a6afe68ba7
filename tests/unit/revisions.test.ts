import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, valueId } from './temp-library'

describe('revision history', () => {
  it('keeps the version before every save, and restores an old one as a new save', () => {
    const core = tempCore()
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'First' })), 'draft')
    core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Second' })))
    core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Third', body: 'New body' })))
    core.stories.setStatus(story.id, 'approved')
    const history = core.stories.revisions.list(story.id)
    expect(history.map((r) => [r.reason, r.snapshot.title, r.snapshot.status])).toEqual([
      ['status', 'Third', 'draft'],
      ['edit', 'Second', 'draft'],
      ['edit', 'First', 'draft'],
    ])
    const first = history.at(-1)!
    const reverted = core.stories.revert(story.id, first.id)
    expect(reverted.title).toBe('First')
    expect(reverted.status).toBe('approved')
    expect(core.stories.revisions.list(story.id)[0]).toMatchObject({ reason: 'revert', snapshot: { title: 'Third', body: 'New body' } })
  })

  it('keeps a last snapshot of stories deleted for good, until a backup holds them', () => {
    const core = tempCore()
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'Going' })), 'draft')
    core.stories.trash(story.id)
    core.stories.emptyTrash()
    expect(core.stories.revisions.list(story.id).map((r) => r.reason)).toEqual(['deleted', 'trash'])
    expect(core.stories.revisions.pruneDeleted()).toBe(2)
    expect(core.stories.revisions.list(story.id)).toEqual([])
  })

  it('refuses to restore a version whose value is gone, and an unknown version', () => {
    const core = tempCore()
    const extra = core.values.create({ name: 'Temporary', description: '', color: '#123456' })
    const story = core.stories.create(storyFields.parse(storyInput(core, { valueIds: [extra.id], primaryValueId: extra.id })), 'draft')
    const wow = valueId(core, 'deliver-wow')
    core.stories.update(story.id, storyFields.parse(storyInput(core, { valueIds: [wow], primaryValueId: wow })))
    core.values.delete(extra.id)
    const [old] = core.stories.revisions.list(story.id)
    expect(() => core.stories.revert(story.id, old.id)).toThrow(/core value that has since been deleted/)
    expect(() => core.stories.revert(story.id, '7f000000-0000-4000-8000-000000000000')).toThrow(/no longer exists/)
  })
})
