import { describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { createDispatch } from '../../electron/core/dispatch'
import type { Story } from '../../electron/core/stories/story'
import { memoryLogger } from './memory-logger'
import { countRows, storyInput, tempCore, valueId } from './temp-library'

function setup() {
  const core = tempCore()
  return { core, dispatch: createDispatch(core, memoryLogger()) }
}
const value = (r: ApiResponse<unknown>): Story => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value as Story
}

describe('deleting a value in use, moving its stories to another', () => {
  it('retags every story (primary value, trashed ones, no duplicate tag), keeps each one’s previous version, then deletes', async () => {
    const { core, dispatch } = setup()
    const gone = valueId(core, 'deliver-wow')
    const to = core.values.list().find((v) => v.id !== gone)!.id
    const third = core.values.list().find((v) => v.id !== gone && v.id !== to)!.id
    const primary = value(await dispatch('stories.create', { fields: storyInput(core, { valueIds: [gone, third], primaryValueId: gone }) }))
    const both = value(await dispatch('stories.create', { fields: storyInput(core, { valueIds: [to, gone], primaryValueId: to }) }))
    const trashed = value(await dispatch('stories.create', { fields: storyInput(core, { valueIds: [gone], primaryValueId: gone }) }))
    value(await dispatch('stories.trash', { id: trashed.id }))

    expect(value(await dispatch('values.delete', { id: gone, moveTo: to }))).toEqual({
      deleted: true,
      moved: 3,
      undoToken: expect.any(String),
    })

    const read = (s: Story) => core.stories.get(s.id)
    expect(read(primary)).toMatchObject({ primaryValueId: to })
    expect(new Set(read(primary).valueIds)).toEqual(new Set([to, third]))
    expect(read(both).valueIds).toEqual([to])
    expect(read(trashed)).toMatchObject({ primaryValueId: to, valueIds: [to] })
    expect(read(trashed).deletedAt).not.toBeNull()
    expect(core.stories.revisions.list(primary.id)[0]).toMatchObject({ reason: 'edit', snapshot: { primaryValueId: gone } })
    expect(core.values.list().map((v) => v.id)).not.toContain(gone)
    expect(core.values.list().map((v) => v.position)).toEqual(core.values.list().map((_, i) => i))
  })

  it('still refuses without moveTo, and refuses moving to itself or to an unknown value, writing nothing', async () => {
    const { core, dispatch } = setup()
    const gone = valueId(core, 'deliver-wow')
    const story = value(await dispatch('stories.create', { fields: storyInput(core, { valueIds: [gone], primaryValueId: gone }) }))
    const before = [countRows(core, 'core_values'), countRows(core, 'story_values')]
    const refused = await dispatch('values.delete', { id: gone })
    expect(refused).toMatchObject({ ok: false, error: { code: 'value.inUse' } })
    expect(await dispatch('values.delete', { id: gone, moveTo: gone })).toMatchObject({ ok: false, error: { code: 'value.moveToSelf' } })
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect(await dispatch('values.delete', { id: gone, moveTo: unknown })).toMatchObject({ ok: false, error: { code: 'value.unknown' } })
    expect([countRows(core, 'core_values'), countRows(core, 'story_values')]).toEqual(before)
    expect(core.stories.revisions.list(story.id)).toHaveLength(0)
  })
})
