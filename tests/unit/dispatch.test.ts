import { describe, expect, it } from 'vitest'
import type { ApiErrorInfo, ApiResponse } from '../../electron/core/api'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import type { Story } from '../../electron/core/stories/story'
import { memoryLogger } from './memory-logger'
import { countRows, storyInput, tempCore, valueId } from './temp-library'

function setup() {
  const core = tempCore()
  const log = memoryLogger()
  const dispatch = createDispatch(core, log)
  return { core, dispatch, log }
}

async function failure(res: Promise<ApiResponse<unknown>>): Promise<ApiErrorInfo> {
  const r = await res
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value).slice(0, 200)}`)
  return r.error
}

/** Snapshot of everything a refused call must leave alone. */
function snapshot(core: CultureCore) {
  return JSON.stringify([
    core.db.prepare('SELECT * FROM stories ORDER BY id').all(),
    core.db.prepare('SELECT * FROM story_values ORDER BY story_id, value_id').all(),
    core.db.prepare('SELECT * FROM core_values ORDER BY id').all(),
  ])
}

describe('the API dispatch table', () => {
  it('round-trips a story: create, get, list, update, status, trash, restore', async () => {
    const { core, dispatch } = setup()
    const wow = valueId(core, 'deliver-wow')
    const humble = valueId(core, 'humble')
    const fields = storyInput(core, { valueIds: [wow, humble], primaryValueId: wow })

    const created = await dispatch('stories.create', { fields, status: 'submitted' })
    expect(created.ok).toBe(true)
    const story = (created as { value: Story }).value
    expect(story.status).toBe('submitted')

    const got = await dispatch('stories.get', { id: story.id })
    expect(got).toEqual({ ok: true, value: story })

    const listed = await dispatch('stories.list', { valueId: humble })
    expect(listed.ok && (listed.value as { total: number }).total).toBe(1)

    const updated = await dispatch('stories.update', {
      id: story.id,
      fields: { ...fields, title: '  Trimmed title  ' },
      baseUpdatedAt: story.updatedAt,
    })
    expect(updated.ok && (updated.value as Story).title).toBe('Trimmed title')

    const approved = await dispatch('stories.setStatus', { id: story.id, status: 'approved' })
    expect(approved.ok && (approved.value as Story).status).toBe('approved')

    await dispatch('stories.trash', { id: story.id })
    const restored = await dispatch('stories.restore', { id: story.id })
    expect(restored.ok && (restored.value as Story).deletedAt).toBeNull()
  })

  it('stores emoji, right-to-left text and <script> exactly as typed', async () => {
    const { core, dispatch } = setup()
    const body = 'Kunden skrev 🎉👟 — שלום עולם — <script>alert("x")</script> <img src=x onerror=alert(1)>'
    const res = await dispatch('stories.create', { fields: storyInput(core, { body, title: 'مرحبا 👋' }) })
    expect(res.ok).toBe(true)
    const stored = core.stories.get((res as { value: Story }).value.id)
    expect(stored.body).toBe(body)
    expect(stored.title).toBe('مرحبا 👋')
  })

  type Case = [string, (core: CultureCore) => unknown, string, RegExp]
  const badStories: Case[] = [
    ['an empty title', (c) => storyInput(c, { title: '   ' }), 'title', /Give the story a title/],
    ['no core value', (c) => storyInput(c, { valueIds: [], primaryValueId: valueId(c, 'humble') }), 'valueIds', /at least one core value/],
    [
      'four core values',
      (c) => {
        const ids = c.values
          .list()
          .slice(0, 4)
          .map((v) => v.id)
        return storyInput(c, { valueIds: ids, primaryValueId: ids[0] })
      },
      'valueIds',
      /at most 3 core values/,
    ],
    [
      'a primary value that is not among the values',
      (c) => storyInput(c, { valueIds: [valueId(c, 'deliver-wow')], primaryValueId: valueId(c, 'humble') }),
      'primaryValueId',
      /primary value must be one of/,
    ],
    [
      'an unknown value id',
      (c) => storyInput(c, { valueIds: ['6f1c2b3a-1111-4222-8333-444455556666'], primaryValueId: '6f1c2b3a-1111-4222-8333-444455556666' }),
      'valueIds',
      /Unknown core value: 6f1c2b3a/,
    ],
    ['a date that does not exist', (c) => storyInput(c, { happenedOn: '2025-02-30' }), 'happenedOn', /does not exist/],
    ['a date in another format', (c) => storyInput(c, { happenedOn: '14/06/2025' }), 'happenedOn', /YYYY-MM-DD/],
    ['a future date', (c) => storyInput(c, { happenedOn: '2999-01-01' }), 'happenedOn', /future/],
    ['a 2 MB body', (c) => storyInput(c, { body: 'x'.repeat(2 * 1024 * 1024) }), 'body', /2,097,152 characters long; the limit is 400,000/],
    ['a title that is a number', (c) => ({ ...storyInput(c), title: 42 }), 'title', /Give the story a title/],
    ['an unexpected field', (c) => ({ ...storyInput(c), rating: 5 }), '', /rating/],
  ]

  it.each(badStories)('refuses %s with a readable message and changes nothing', async (_name, make, path, message) => {
    const { core, dispatch } = setup()
    const before = snapshot(core)
    const error = await failure(dispatch('stories.create', { fields: make(core) }))
    expect(error.kind).toBe('invalid_input')
    expect(error.message).toMatch(message)
    expect(error.issues.some((i) => i.path === (path ? `fields.${path}` : 'fields') || i.path === path)).toBe(true)
    expect(snapshot(core)).toBe(before)
    expect(countRows(core, 'stories')).toBe(0)
  })

  it('refuses the same bad input on update, leaving the stored story as it was', async () => {
    const { core, dispatch } = setup()
    const created = await dispatch('stories.create', { fields: storyInput(core) })
    const id = (created as { value: Story }).value.id
    const before = snapshot(core)
    const error = await failure(dispatch('stories.update', { id, fields: storyInput(core, { happenedOn: '2023-13-01' }) }))
    expect(error.message).toMatch(/does not exist/)
    expect(snapshot(core)).toBe(before)
  })

  it('refuses an unknown method and wrong argument types', async () => {
    const { dispatch } = setup()
    expect(await failure(dispatch('stories.explode', {}))).toMatchObject({
      kind: 'unknown_method',
      message: 'Unknown operation: stories.explode.',
    })
    expect((await failure(dispatch('__proto__', {}))).kind).toBe('unknown_method')
    expect((await failure(dispatch(42, {}))).kind).toBe('unknown_method')
    expect(await failure(dispatch('stories.get', { id: 'not-a-uuid' }))).toMatchObject({
      kind: 'invalid_input',
      // The field's name is never shown raw ("id:"); a field without a label is left unnamed.
      message: 'This is not a valid id.',
    })
    expect((await failure(dispatch('stories.list', { limit: 'many' }))).kind).toBe('invalid_input')
    expect((await failure(dispatch('stories.get', 'just a string'))).kind).toBe('invalid_input')
  })

  it('empties the trash only when confirmed', async () => {
    const { core, dispatch } = setup()
    const created = await dispatch('stories.create', { fields: storyInput(core) })
    await dispatch('stories.trash', { id: (created as { value: Story }).value.id })
    expect((await failure(dispatch('stories.emptyTrash', {}))).message).toMatch(/must be confirmed/)
    expect(countRows(core, 'stories')).toBe(1)
    expect(await dispatch('stories.emptyTrash', { confirm: true })).toEqual({ ok: true, value: { deleted: 1 } })
  })

  it('reports a value in use with the count, as data', async () => {
    const { core, dispatch } = setup()
    await dispatch('stories.create', { fields: storyInput(core) })
    const error = await failure(dispatch('values.delete', { id: valueId(core, 'deliver-wow') }))
    expect(error).toMatchObject({ kind: 'in_use', code: 'value.inUse', params: { name: 'Deliver WOW through service', count: 1 } })
    expect(error.message).toContain('1 story uses it')
  })

  it('hides internal failures behind a plain message with a reference id, and logs them once under that id', async () => {
    const { core, dispatch, log } = setup()
    core.close()
    const error = await failure(dispatch('values.list', {}))
    expect(error).toEqual({
      kind: 'internal',
      code: 'internal.unexpected',
      params: {},
      issues: [],
      ref: expect.stringMatching(/^[0-9a-f]{8}$/),
      message: `Something went wrong inside Culture Book. Nothing was changed. (Reference ${error.ref})`,
    })
    expect(log.entries).toHaveLength(1)
    expect(log.entries[0]).toMatchObject({ level: 'error', details: { ref: error.ref } })
    expect((log.entries[0].details.err as Error).message).toMatch(/database connection is not open/)
  })
})

describe('messages from the dispatch table', () => {
  it('name the field in words and count the other problems', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const one = await failure(dispatch('stories.create', { fields: storyInput(core, { happenedOn: '2025-02-30' }) }))
    expect(one.message).toBe('Date: That date does not exist.')
    const three = await failure(
      dispatch('stories.create', { fields: storyInput(core, { title: '', author: '', happenedOn: '2025-02-30' }) }),
    )
    expect(three.message).toBe('Title: Give the story a title. (and 2 more problems)')
    expect(three.issues.map((i) => i.path)).toEqual(['fields.title', 'fields.author', 'fields.happenedOn'])
  })
})
