import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiErrorInfo, ApiResponse } from '../../electron/core/api'
import { openCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { MAX_DRAFT_CHARS, type Draft } from '../../electron/core/drafts/draft'
import type { Story } from '../../electron/core/stories/story'
import type { Scenario } from '../../electron/core/training/scenario'
import { spawnScript } from './child-process'
import { storyInput, tempCore, tempDir } from './temp-library'

const value = <T>(response: ApiResponse<unknown>): T => {
  if (!response.ok) throw new Error(`the call failed: ${response.error.message}`)
  return response.value as T
}
const failure = (response: ApiResponse<unknown>): ApiErrorInfo => {
  if (response.ok) throw new Error('expected a refusal')
  return response.error
}

function setup() {
  const core = tempCore()
  return { core, dispatch: createDispatch(core) }
}

describe('drafts: what an editor typed since its last save', () => {
  it('keeps one draft per story, scenario and new one, with the time it was saved', async () => {
    const { core, dispatch } = setup()
    const story = core.stories.create(storyInput(core) as never, 'draft')
    const before = new Date().toISOString()
    value(await dispatch('drafts.save', { kind: 'story', id: null, content: { title: 'New, half typed' } }))
    value(await dispatch('drafts.save', { kind: 'story', id: story.id, content: { title: 'Edited' }, baseUpdatedAt: story.updatedAt }))
    const saved = value<{ savedAt: string }>(
      await dispatch('drafts.save', { kind: 'scenario', id: null, content: { title: 'A scenario' } }),
    )
    const after = new Date().toISOString()
    expect(saved.savedAt >= before && saved.savedAt <= after).toBe(true)

    const fresh = value<Draft>(await dispatch('drafts.get', { kind: 'story', id: null }))
    expect(fresh).toMatchObject({ kind: 'story', id: null, content: { title: 'New, half typed' }, baseUpdatedAt: null })
    expect(value<Draft>(await dispatch('drafts.get', { kind: 'story', id: story.id }))).toMatchObject({
      id: story.id,
      content: { title: 'Edited' },
      baseUpdatedAt: story.updatedAt,
    })
    expect(value<Draft>(await dispatch('drafts.get', { kind: 'scenario', id: null })).content).toEqual({ title: 'A scenario' })

    // A later save replaces the draft; discarding it leaves the others.
    value(await dispatch('drafts.save', { kind: 'story', id: null, content: { title: 'New, typed on' } }))
    expect(value<Draft>(await dispatch('drafts.get', { kind: 'story', id: null })).content).toEqual({ title: 'New, typed on' })
    expect(value(await dispatch('drafts.discard', { kind: 'story', id: null }))).toEqual({ discarded: true })
    expect(value(await dispatch('drafts.discard', { kind: 'story', id: null }))).toEqual({ discarded: false })
    expect(value(await dispatch('drafts.get', { kind: 'story', id: null }))).toBeNull()
    expect(value(await dispatch('drafts.get', { kind: 'story', id: story.id }))).not.toBeNull()
  })

  it('is never a story: not listed, counted, searched or packed', async () => {
    const { core, dispatch } = setup()
    value(await dispatch('drafts.save', { kind: 'story', id: null, content: { title: 'Zeppelin draft', body: 'Zeppelin' } }))
    expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).total).toBe(0)
    expect(core.stories.facets().statusCounts.draft).toBe(0)
    expect((await core.search.query('Zeppelin', {}, 0, 10)).total).toBe(0)
  })

  it('refuses a draft too large to keep, an unknown kind and a malformed id, and keeps the last good draft', async () => {
    const { dispatch } = setup()
    value(await dispatch('drafts.save', { kind: 'story', id: null, content: { body: 'kept' } }))
    const tooLarge = failure(await dispatch('drafts.save', { kind: 'story', id: null, content: { body: 'x'.repeat(MAX_DRAFT_CHARS) } }))
    expect(tooLarge.code).toBe('input.invalid')
    expect(tooLarge.issues.map((i) => i.code)).toEqual(['draft.tooLarge'])
    expect(tooLarge.issues[0].message).toMatch(/too large to keep/)
    expect(failure(await dispatch('drafts.save', { kind: 'value', id: null, content: {} })).code).toBe('input.invalid')
    expect(failure(await dispatch('drafts.get', { kind: 'story', id: 'not-an-id' })).issues[0].code).toBe('input.invalidId')
    expect(value<Draft>(await dispatch('drafts.get', { kind: 'story', id: null })).content).toEqual({ body: 'kept' })
  })

  it('is discarded by saving the story or scenario it was for, and stays when the save is refused', async () => {
    const { core, dispatch } = setup()
    const fields = storyInput(core)
    value(await dispatch('drafts.save', { kind: 'story', id: null, content: { title: 'typed' } }))
    // Refused (no title): the draft stays.
    failure(await dispatch('stories.create', { fields: { ...fields, title: '' } }))
    expect(value(await dispatch('drafts.get', { kind: 'story', id: null }))).not.toBeNull()
    const story = value<Story>(await dispatch('stories.create', { fields }))
    expect(value(await dispatch('drafts.get', { kind: 'story', id: null }))).toBeNull()

    value(await dispatch('drafts.save', { kind: 'story', id: story.id, content: { title: 'edit' } }))
    failure(await dispatch('stories.update', { id: story.id, fields, baseUpdatedAt: 'an older version' }))
    expect(value(await dispatch('drafts.get', { kind: 'story', id: story.id }))).not.toBeNull()
    value(await dispatch('stories.update', { id: story.id, fields: { ...fields, title: 'Edited' }, baseUpdatedAt: story.updatedAt }))
    expect(value(await dispatch('drafts.get', { kind: 'story', id: story.id }))).toBeNull()

    const scenario = core.training.scenarios.list()[0]
    value(await dispatch('drafts.save', { kind: 'scenario', id: scenario.id, content: { title: 'edit' } }))
    const { title, language, valueIds, start, storyId, steps } = scenario
    const scenarioFields = { title, language, valueIds, start, storyId, steps }
    failure(await dispatch('scenarios.save', { id: scenario.id, fields: { ...scenarioFields, title: '' } }))
    expect(value(await dispatch('drafts.get', { kind: 'scenario', id: scenario.id }))).not.toBeNull()
    value<Scenario>(await dispatch('scenarios.save', { id: scenario.id, fields: scenarioFields }))
    expect(value(await dispatch('drafts.get', { kind: 'scenario', id: scenario.id }))).toBeNull()
  })

  it('survives a crash: the process killed right after the save answered, the draft is there on the next start', async () => {
    const file = join(tempDir(), 'library.sqlite')
    // The library exists, with a story to edit, before the writer opens it.
    const first = openCore(file)
    const story = first.stories.create(storyInput(first) as never, 'draft')
    first.close()

    const body = `Typed just before the crash, ${Date.now()}.`
    const writer = spawnScript('draft-writer.ts', [file, story.id, body])
    const line = await writer.line(/^(saved|refused) /)
    writer.child.kill('SIGKILL')
    await writer.exited
    expect(line).toMatch(/^saved /)

    const core = tempCore(file)
    const draft = value<Draft>(await createDispatch(core)('drafts.get', { kind: 'story', id: story.id }))
    expect(draft.content).toEqual({ title: 'Half written', body })
    expect(draft.savedAt).toBe(line.slice('saved '.length))
    expect(draft.savedAt > story.updatedAt).toBe(true)
  }, 30_000)
})
