import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiResponse, ApiResult } from '../../electron/core/api'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { MAX_BODY_CHARS, storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { memoryLogger } from './memory-logger'
import { storyInput, tempCore, tempDir, valueId } from './temp-library'

function setup() {
  const core = tempCore()
  return { core, dispatch: createDispatch(core, memoryLogger()) }
}

function submitted(core: CultureCore, overrides: Partial<StoryFieldsInput> = {}) {
  return core.stories.create(storyFields.parse(storyInput(core, overrides)), 'submitted')
}

/** A call's answer; fails the test when the core refused the call as a whole. */
async function answer<T>(response: Promise<ApiResponse<unknown>>): Promise<T> {
  const r = await response
  if (!r.ok) throw new Error(`the call was refused: ${JSON.stringify(r.error)}`)
  return r.value as T
}

type Review = ApiResult<'stories.setStatusMany'>
type History = ApiResult<'stories.history'>
type Preview = ApiResult<'exchange.previewPack'>

describe('reviewing several stories at once', () => {
  it('approves all it can in one call, and says which it refused and why', async () => {
    const { core, dispatch } = setup()
    const a = submitted(core, { title: 'Wedding shoes' })
    const b = submitted(core, { title: 'Late parcel', body: 'A parcel came a week late; we refunded the postage and called.' })
    const trashed = submitted(core, { title: 'In the bin', body: 'Something else entirely happened here, with a tent.' })
    core.stories.trash(trashed.id)
    const gone = '7b0f7a43-31a4-4b8e-9c39-6d0d5c3f2a11'

    const result = await answer<Review>(dispatch('stories.setStatusMany', { ids: [a.id, trashed.id, b.id, gone], status: 'approved' }))
    expect(result.changed.map((c) => [c.title, c.from])).toEqual([
      ['Wedding shoes', 'submitted'],
      ['Late parcel', 'submitted'],
    ])
    expect(result.refused.map((r) => [r.id, r.title, r.code])).toEqual([
      [trashed.id, 'In the bin', 'story.inTrash'],
      [gone, null, 'story.notFound'],
    ])
    expect(result.refused[0].reason).toBe('This story is in the trash. Restore it first.')
    expect(core.stories.get(a.id).status).toBe('approved')
    expect(core.stories.get(b.id).status).toBe('approved')
    expect(core.stories.get(trashed.id).status).toBe('submitted')
    // The refused story was not touched: no new version in its history.
    expect(core.stories.revisions.list(trashed.id).map((r) => r.reason)).toEqual(['trash'])
  })

  it('archives with a reason and a name, kept in the history; Undo puts the status back', async () => {
    const { core, dispatch } = setup()
    const a = submitted(core, { title: 'One' })
    const b = submitted(core, { title: 'Two', body: 'Another story about a broken umbrella and a replacement.' })
    const before = new Date().toISOString()
    const result = await answer<Review>(
      dispatch('stories.setStatusMany', { ids: [a.id, b.id], status: 'archived', note: '  Told twice already  ', by: 'Mia' }),
    )
    expect(result.changed).toHaveLength(2)
    for (const id of [a.id, b.id]) {
      expect(core.stories.get(id).status).toBe('archived')
      const [latest] = await answer<History>(dispatch('stories.history', { id }))
      expect(latest).toMatchObject({ reason: 'status', note: 'Told twice already', notedBy: 'Mia', snapshot: { status: 'submitted' } })
      expect(latest.savedAt >= before).toBe(true)
    }
    // The Undo a notice offers: the same call back to where each story was.
    await answer<Review>(dispatch('stories.setStatusMany', { ids: result.changed.map((c) => c.id), status: result.changed[0].from }))
    expect(core.stories.get(a.id).status).toBe('submitted')
    const [undone] = await answer<History>(dispatch('stories.history', { id: a.id }))
    expect(undone.note).toBeUndefined()
  })

  it('refuses a reason that is too long, changing nothing', async () => {
    const { core, dispatch } = setup()
    const a = submitted(core)
    const r = await dispatch('stories.setStatusMany', { ids: [a.id], status: 'archived', note: 'x'.repeat(301) })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('input.invalid')
    if (!r.ok) expect(JSON.stringify(r.error.issues)).toContain('story.noteTooLong')
    expect(core.stories.get(a.id).status).toBe('submitted')
  })

  it('approves a probable duplicate and warns about it, rather than refusing it', async () => {
    const { core, dispatch } = setup()
    const humble = valueId(core, 'humble')
    const told = submitted(core, {
      title: 'Boots after the funeral',
      body: 'She could not return the boots, so we sent flowers after the funeral and refunded her money.',
    })
    core.stories.setStatus(told.id, 'approved')
    const again = submitted(core, {
      title: 'Boots and a funeral',
      body: 'She could not return the boots, so we sent flowers after the funeral and refunded her money.',
    })
    const other = submitted(core, {
      title: 'A cake for the team',
      body: 'The bakery forgot the order, so we drove across town and delivered the cake ourselves.',
      valueIds: [humble],
      primaryValueId: humble,
    })
    const result = await answer<Review>(dispatch('stories.setStatusMany', { ids: [again.id, other.id], status: 'approved' }))
    expect(result.refused).toEqual([])
    expect(core.stories.get(again.id).status).toBe('approved')
    expect(result.duplicates.map((d) => [d.id, d.like.id])).toEqual([[again.id, told.id]])
    expect(result.duplicates[0].like.similarity).toBeGreaterThanOrEqual(0.6)
  })
})

describe('the pack preview of an updated story', () => {
  it('lists each changed field with its value here and in the pack', async () => {
    const a = tempCore()
    const story = a.stories.create(storyFields.parse(storyInput(a, { title: 'Flows', body: 'The parcel came late.' })), 'draft')
    const exportAll = () => {
      const out = join(tempDir(), 'stories.culturepack')
      a.packs.exportPack(out, {})
      return readFileSync(out).toString('base64')
    }
    const b = tempCore()
    const dispatch = createDispatch(b, memoryLogger())
    const first = await answer<Preview>(dispatch('exchange.previewPack', { base64: exportAll() }))
    await b.packs.apply(first.previewId, {}, {})
    const humble = valueId(a, 'humble')
    const wow = valueId(a, 'deliver-wow')
    a.stories.update(
      story.id,
      storyFields.parse(
        storyInput(a, {
          title: 'Flows',
          body: 'The parcel came a week late.',
          team: 'Support',
          valueIds: [wow, humble],
          primaryValueId: wow,
        }),
      ),
    )
    const preview = await answer<Preview>(dispatch('exchange.previewPack', { base64: exportAll() }))
    expect(preview.updated).toHaveLength(1)
    expect(preview.updated[0]).toMatchObject({ id: story.id, title: 'Flows' })
    expect(preview.updated[0].changes).toEqual([
      { field: 'body', mine: 'The parcel came late.', theirs: 'The parcel came a week late.' },
      { field: 'team', mine: 'Customer Loyalty', theirs: 'Support' },
      { field: 'values', mine: [valueId(b, 'deliver-wow')], theirs: [valueId(b, 'deliver-wow'), valueId(b, 'humble')] },
    ])
  })

  it('keeps the preview small: past a budget, updated stories are listed by title only', async () => {
    const a = tempCore()
    const long = (c: string) => `${c} `.repeat(MAX_BODY_CHARS / 2 - 1)
    const stories = ['First', 'Second'].map((title) =>
      a.stories.create(storyFields.parse(storyInput(a, { title, body: long('a') })), 'draft'),
    )
    const b = tempCore()
    const exportAll = () => {
      const out = join(tempDir(), 'stories.culturepack')
      a.packs.exportPack(out, {})
      return readFileSync(out, 'utf8')
    }
    await b.packs.apply(b.packs.preview(exportAll()).previewId, {}, {})
    for (const s of stories) a.stories.update(s.id, storyFields.parse(storyInput(a, { title: s.title, body: long('b') })))
    const preview = b.packs.preview(exportAll())
    expect(preview.updated.map((u) => [u.title, u.changes?.map((c) => c.field)])).toEqual([
      ['First', ['body']],
      ['Second', undefined],
    ])
  })
})
