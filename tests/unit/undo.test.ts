/**
 * Undo through the contract (issue 13, part 2): each undo puts back exactly what its action changed,
 * through the core, and refuses with a clear reason (writing nothing) once it no longer fits.
 */
import { describe, expect, it } from 'vitest'
import type { ApiErrorInfo, ApiResponse } from '../../electron/core/api'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch, type Dispatch } from '../../electron/core/dispatch'
import type { Story } from '../../electron/core/stories/story'
import type { Scenario, ScenarioFields } from '../../electron/core/training/scenario'
import type { CoreValue } from '../../electron/core/values/core-value'
import { storyInput, tempCore, valueId } from './temp-library'

function setup() {
  const core = tempCore()
  return { core, call: createDispatch(core) }
}

async function ok<T>(call: Dispatch, method: string, input: unknown): Promise<T> {
  const res = await call(method, input)
  if (!res.ok) throw new Error(`${method} failed: ${res.error.code} ${res.error.message}`)
  return res.value as T
}

async function refusal(res: Promise<ApiResponse<unknown>>): Promise<ApiErrorInfo> {
  const r = await res
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 200)}`)
  return r.error
}

/** Every row a value delete and its undo touch, in a stable order. */
function valueRows(core: CultureCore) {
  return JSON.stringify([
    core.db.prepare('SELECT * FROM core_values ORDER BY id').all(),
    core.db.prepare('SELECT * FROM core_value_texts ORDER BY value_id, language').all(),
    core.db.prepare('SELECT story_id, value_id FROM story_values ORDER BY story_id, value_id').all(),
    core.db.prepare('SELECT id, primary_value_id, status, deleted_at FROM stories ORDER BY id').all(),
  ])
}

/** Everything a refused undo must leave alone. */
function everything(core: CultureCore) {
  return JSON.stringify([
    valueRows(core),
    core.db.prepare('SELECT * FROM stories ORDER BY id').all(),
    core.db.prepare('SELECT id, story_id, reason FROM story_revisions ORDER BY id').all(),
    core.db.prepare('SELECT token FROM deleted_values ORDER BY token').all(),
  ])
}

async function createStory(call: Dispatch, core: CultureCore, title: string, valueIds: string[], primaryValueId = valueIds[0]) {
  return ok<Story>(call, 'stories.create', { fields: storyInput(core, { title, valueIds, primaryValueId }), status: 'submitted' })
}

describe('trash and restore, undone', () => {
  it('puts a trashed story back with the same status and in the same place, and a restored one back in the trash', async () => {
    const { core, call } = setup()
    const wow = valueId(core, 'deliver-wow')
    for (const [title, on] of [
      ['Early', '2025-01-02'],
      ['Middle', '2025-03-04'],
      ['Late', '2025-05-06'],
    ]) {
      await ok(call, 'stories.create', { fields: storyInput(core, { title, happenedOn: on, valueIds: [wow], primaryValueId: wow }) })
    }
    const order = async () => (await ok<{ items: Story[] }>(call, 'stories.list', {})).items.map((s) => s.title)
    const middle = core.db.prepare("SELECT id FROM stories WHERE title = 'Middle'").get() as { id: string }
    const approved = await ok<Story>(call, 'stories.setStatus', { id: middle.id, status: 'approved' })
    const listed = await order()

    await ok(call, 'stories.trash', { id: middle.id })
    expect(await order()).not.toContain('Middle')
    const back = await ok<Story>(call, 'stories.restore', { id: middle.id })
    expect(back).toMatchObject({ status: 'approved', deletedAt: null, title: approved.title, valueIds: approved.valueIds })
    expect(await order()).toEqual(listed)

    // Restoring from the trash, undone: in the trash again.
    await ok(call, 'stories.trash', { id: middle.id })
    await ok(call, 'stories.restore', { id: middle.id })
    const again = await ok<Story>(call, 'stories.trash', { id: middle.id })
    expect(again.deletedAt).not.toBeNull()
    expect(again.status).toBe('approved')
    // The history tells each step.
    expect((await ok<{ reason: string }[]>(call, 'stories.history', { id: middle.id })).map((r) => r.reason)).toEqual([
      'trash',
      'restore',
      'trash',
      'restore',
      'trash',
      'status',
    ])
  })
})

describe('a deleted core value, undone', () => {
  it('comes back with its id, slug, texts in every language, colour and place', async () => {
    const { core, call } = setup()
    const value = await ok<CoreValue>(call, 'values.create', { name: 'Curiosity', description: 'Ask one more question.', color: '#2b8a3e' })
    await ok(call, 'values.update', {
      id: value.id,
      language: 'da',
      fields: { name: 'Nysgerrighed', description: 'Spørg en gang til.', color: '#2b8a3e' },
    })
    await ok(call, 'values.update', {
      id: value.id,
      language: 'sv',
      fields: { name: 'Nyfikenhet', description: 'Fråga en gång till.', color: '#2b8a3e' },
    })
    // Third in the order, so putting it back means making room.
    const ids = (await ok<CoreValue[]>(call, 'values.list', {})).map((v) => v.id)
    const order = [...ids.slice(0, 2), value.id, ...ids.slice(2).filter((id) => id !== value.id)]
    await ok(call, 'values.reorder', { ids: order })
    const before = valueRows(core)
    const listed = await ok<CoreValue[]>(call, 'values.list', { language: 'da' })

    const deleted = await ok<{ deleted: true; undoToken: string }>(call, 'values.delete', { id: value.id })
    expect((await ok<CoreValue[]>(call, 'values.list', {})).map((v) => v.id)).not.toContain(value.id)
    const back = await ok<CoreValue>(call, 'values.undoDelete', { token: deleted.undoToken })
    expect(back).toMatchObject({ id: value.id, slug: value.slug, name: 'Curiosity', position: 2 })
    expect(valueRows(core)).toBe(before)
    expect(await ok<CoreValue[]>(call, 'values.list', { language: 'da' })).toEqual(listed)

    // A token undoes once.
    expect(await refusal(call('values.undoDelete', { token: deleted.undoToken }))).toMatchObject({
      code: 'value.undoGone',
      message: 'That delete can no longer be undone.',
    })
  })

  it("puts back every story's exact tags and primary value after moveTo, trashed stories too, each as a new version", async () => {
    const { core, call } = setup()
    const gone = (await ok<CoreValue>(call, 'values.create', { name: 'Frugality', description: '', color: '#123456' })).id
    const to = valueId(core, 'deliver-wow')
    const humble = valueId(core, 'humble')
    const primary = await createStory(call, core, 'Primary', [gone, humble], gone)
    const second = await createStory(call, core, 'Second', [humble, gone], humble)
    const both = await createStory(call, core, 'Both', [gone, to], to)
    const trashed = await createStory(call, core, 'Trashed', [gone], gone)
    await ok(call, 'stories.trash', { id: trashed.id })
    const untouched = await createStory(call, core, 'Untouched', [humble])
    const before = valueRows(core)
    const moved = [primary, second, both, trashed]
    const versions = (id: string) => core.stories.revisions.list(id).length
    const revisionsBefore = moved.map((s) => versions(s.id))

    const deleted = await ok<{ moved: number; undoToken: string }>(call, 'values.delete', { id: gone, moveTo: to })
    expect(deleted.moved).toBe(4)
    expect(core.stories.get(both.id).valueIds).toEqual([to])
    expect(core.stories.get(primary.id).primaryValueId).toBe(to)

    await ok(call, 'values.undoDelete', { token: deleted.undoToken })
    expect(valueRows(core)).toBe(before)
    expect(core.stories.get(primary.id)).toMatchObject({ valueIds: [gone, humble], primaryValueId: gone })
    expect(core.stories.get(both.id)).toMatchObject({ valueIds: [to, gone], primaryValueId: to })
    expect(core.stories.get(trashed.id).deletedAt).not.toBeNull()
    // History stays truthful: the moved version and the one before it are both kept.
    expect(moved.map((s) => versions(s.id))).toEqual(revisionsBefore.map((n) => n + 2))
    const [undone, move] = core.stories.revisions.list(primary.id)
    expect(undone.snapshot.valueIds).toEqual([to, humble])
    expect(move.snapshot.valueIds).toEqual([gone, humble])
    expect(versions(untouched.id)).toBe(0)
    expect(core.values.get(gone).storyCount).toBe(4)
  })

  it('refuses, writing nothing, once a value of the same name came or a moved story changed since', async () => {
    const { core, call } = setup()
    const to = valueId(core, 'deliver-wow')
    const a = await ok<CoreValue>(call, 'values.create', { name: 'Thrift', description: '', color: '#123456' })
    const byName = await ok<{ undoToken: string }>(call, 'values.delete', { id: a.id })
    // In another language, whatever its case: names are matched as a chapter or a spreadsheet would.
    const other = await ok<CoreValue>(call, 'values.create', { name: 'Something', description: '', color: '#123456' })
    await ok(call, 'values.update', { id: other.id, language: 'sv', fields: { name: 'THRIFT', description: '', color: '#123456' } })
    let state = everything(core)
    expect(await refusal(call('values.undoDelete', { token: byName.undoToken }))).toMatchObject({
      code: 'value.undoNameTaken',
      kind: 'conflict',
      message: '“Thrift” cannot come back: another core value with that name has been added since.',
    })
    expect(everything(core)).toBe(state)

    const b = await ok<CoreValue>(call, 'values.create', { name: 'Grit', description: '', color: '#123456' })
    const edited = await createStory(call, core, 'Edited later', [b.id])
    await createStory(call, core, 'Left alone', [b.id])
    const moved = await ok<{ undoToken: string }>(call, 'values.delete', { id: b.id, moveTo: to })
    const current = core.stories.get(edited.id)
    await ok(call, 'stories.update', {
      id: edited.id,
      fields: { ...storyInput(core, { valueIds: current.valueIds, primaryValueId: to }), title: 'Edited' },
    })
    state = everything(core)
    expect(await refusal(call('values.undoDelete', { token: moved.undoToken }))).toMatchObject({
      code: 'value.undoStoriesChanged',
      message: '“Grit” cannot come back: 1 of its stories has changed since it was deleted.',
    })
    expect(everything(core)).toBe(state)

    // A story emptied from the trash since counts as changed too.
    const c = await ok<CoreValue>(call, 'values.create', { name: 'Calm', description: '', color: '#123456' })
    const binned = await createStory(call, core, 'Binned', [c.id])
    await ok(call, 'stories.trash', { id: binned.id })
    const third = await ok<{ undoToken: string }>(call, 'values.delete', { id: c.id, moveTo: to })
    await ok(call, 'stories.emptyTrash', { confirm: true })
    expect(await refusal(call('values.undoDelete', { token: third.undoToken }))).toMatchObject({ code: 'value.undoStoriesChanged' })

    expect(await refusal(call('values.undoDelete', { token: 'not a token' }))).toMatchObject({ code: 'input.invalid' })
  })

  it("keeps its texts' languages right when the library's main language changed in between", async () => {
    const { core, call } = setup()
    const value = await ok<CoreValue>(call, 'values.create', { name: 'Courage', description: 'Say it.', color: '#123456' })
    await ok(call, 'values.update', { id: value.id, language: 'da', fields: { name: 'Mod', description: 'Sig det.', color: '#123456' } })
    const { undoToken } = await ok<{ undoToken: string }>(call, 'values.delete', { id: value.id })
    core.values.setMainLanguage('da')
    const back = await ok<CoreValue>(call, 'values.undoDelete', { token: undoToken })
    expect(back.texts).toEqual({ da: { name: 'Mod', description: 'Sig det.' }, en: { name: 'Courage', description: 'Say it.' } })
    expect(back).toMatchObject({ name: 'Mod', language: 'da' })
  })
})

/** An author's scenario led by `valueId`: a shipped one's steps under a title of its own. */
function scenarioFields(core: CultureCore, valueId: string, title: string): ScenarioFields {
  const { language, start, steps } = core.training.scenarios.list()[0]
  return { title, language, valueIds: [valueId], start, storyId: null, steps }
}

/** Plays a session to its end, always the first choice. */
function playThrough(core: CultureCore, start: { sessionId: string | null; step?: { choices: { id: string }[] } }) {
  if (!start.sessionId || !start.step) throw new Error('no session')
  let result = core.training.answer(start.sessionId, start.step.choices[0].id)
  while (result.next) result = core.training.answer(start.sessionId, result.next.choices[0].id)
}

const scenarioRow = (core: CultureCore, id: string) => core.db.prepare('SELECT * FROM scenarios WHERE id = ?').get(id)

describe('a deleted scenario, undone', () => {
  it('asks first even when never played, then comes back whole', async () => {
    const { core, call } = setup()
    const own = await ok<Scenario>(call, 'scenarios.save', { fields: scenarioFields(core, valueId(core, 'humble'), 'A quiet shop') })
    const row = scenarioRow(core, own.id)
    expect(await refusal(call('scenarios.delete', { id: own.id }))).toMatchObject({
      code: 'scenario.confirmDelete',
      kind: 'in_use',
      message: 'Delete “A quiet shop”? It has never been played. You can undo it right after.',
    })
    expect(scenarioRow(core, own.id)).toEqual(row)

    await ok(call, 'scenarios.delete', { id: own.id, confirm: true })
    expect((await ok<Scenario[]>(call, 'scenarios.list', {})).map((s) => s.id)).not.toContain(own.id)
    const back = await ok<Scenario>(call, 'scenarios.undoDelete', { id: own.id })
    expect(back).toEqual(own)
    expect(scenarioRow(core, own.id)).toEqual(row)
    expect(await refusal(call('scenarios.undoDelete', { id: own.id }))).toMatchObject({ code: 'scenario.notDeleted' })
  })

  it("keeps a played scenario's attempts and review dates, so its undo changes no trainee's progress", async () => {
    const { core, call } = setup()
    const trainee = core.training.createTrainee({ name: 'Ola', team: '', startDate: '2026-01-01' })
    const start = core.training.start(trainee.id, 'onboarding')
    playThrough(core, start)
    const played = start.sessionId ? start.scenario.id : ''
    const progress = core.training.progress(trainee.id)
    const reviews = core.db.prepare('SELECT * FROM review_state').all()
    const translations = core.db.prepare('SELECT id FROM scenarios WHERE translation_of = ?').all(played)

    expect(await refusal(call('scenarios.delete', { id: played }))).toMatchObject({ code: 'scenario.inUse' })
    await ok(call, 'scenarios.delete', { id: played, confirm: true })
    await ok(call, 'scenarios.undoDelete', { id: played })
    expect(core.training.progress(trainee.id)).toEqual(progress)
    expect(core.db.prepare('SELECT * FROM review_state').all()).toEqual(reviews)
    expect(core.db.prepare('SELECT id FROM scenarios WHERE translation_of = ? AND deleted_at IS NULL').all(played)).toEqual(translations)
    expect(core.training.queue(trainee.id, 'onboarding').some((p) => p.scenario.id === played)).toBe(false)
  })

  it('refuses to come back once a core value it uses was deleted', async () => {
    const { core, call } = setup()
    const fleeting = await ok<CoreValue>(call, 'values.create', { name: 'Fleeting', description: '', color: '#123456' })
    const own = await ok<Scenario>(call, 'scenarios.save', { fields: scenarioFields(core, fleeting.id, 'Gone with its value') })
    await ok(call, 'scenarios.delete', { id: own.id, confirm: true })
    await ok(call, 'values.delete', { id: fleeting.id })
    const row = scenarioRow(core, own.id)
    expect(await refusal(call('scenarios.undoDelete', { id: own.id }))).toMatchObject({
      code: 'scenario.undoValueGone',
      message: '“Gone with its value” cannot come back: a core value it uses has been deleted since.',
    })
    expect(scenarioRow(core, own.id)).toEqual(row)
  })
})

describe('hidden starter scenarios', () => {
  it('are left out of the list, the path and every mode, and come back when shown again', async () => {
    const { core, call } = setup()
    const trainee = core.training.createTrainee({ name: 'Mia', team: '', startDate: '2026-01-01' })
    const path = core.training.onboardingPath().map((s) => s.id)
    const first = core.training.scenarios.get(path[0])
    expect(first.shipped).toBe(true)
    const family = (s: Scenario) => s.translationOf ?? s.id
    // Played, and due for review, before it is hidden.
    playThrough(core, core.training.start(trainee.id, 'onboarding'))
    const members = (await ok<Scenario[]>(call, 'scenarios.list', {})).filter((s) => family(s) === first.id)
    expect(members.length).toBe(3)
    core.db.prepare('UPDATE review_state SET due = ?').run(new Date(Date.now() - 60_000).toISOString())
    expect(core.training.queue(trainee.id, 'practice').map((p) => p.family)).toEqual([first.id])

    const hidden = await ok<Scenario>(call, 'scenarios.setHidden', { id: members[1].id, hidden: true })
    expect(hidden.hidden).toBe(true)
    const listed = await ok<Scenario[]>(call, 'scenarios.list', {})
    expect(listed.filter((s) => family(s) === first.id)).toEqual([])
    expect((await ok<Scenario[]>(call, 'scenarios.hidden', {})).map((s) => s.id)).toEqual([first.id])
    expect(core.training.onboardingPath().map((s) => s.id)).not.toContain(first.id)
    // Every value still leads the path: another scenario of the same value takes its place.
    expect(core.training.onboardingPath()).toHaveLength(path.length)
    expect(core.training.queue(trainee.id, 'practice')).toEqual([])
    expect(core.training.queue(trainee.id, 'focus', first.valueIds[0]).map((p) => p.family)).not.toContain(first.id)
    // Still readable by id: a session that already holds it finishes.
    expect((await ok<Scenario>(call, 'scenarios.get', { id: first.id })).hidden).toBe(true)

    await ok(call, 'scenarios.setHidden', { id: first.id, hidden: false })
    expect(core.training.onboardingPath().map((s) => s.id)).toEqual(path)
    expect(await ok<Scenario[]>(call, 'scenarios.hidden', {})).toEqual([])
    expect(core.training.queue(trainee.id, 'practice').map((p) => p.family)).toEqual([first.id])
    expect((await ok<Scenario[]>(call, 'scenarios.list', {})).filter((s) => family(s) === first.id)).toEqual(members)
  })

  it("are only the shipped ones: an author's own scenario is deleted instead", async () => {
    const { core, call } = setup()
    const own = await ok<Scenario>(call, 'scenarios.save', { fields: scenarioFields(core, valueId(core, 'humble'), 'Mine') })
    expect(own.shipped).toBe(false)
    expect(await refusal(call('scenarios.setHidden', { id: own.id, hidden: true }))).toMatchObject({
      code: 'scenario.notShipped',
      message: 'Only the shipped scenarios can be hidden; delete “Mine” instead.',
    })
  })
})
