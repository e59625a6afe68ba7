/**
 * Model-based test of deleting core values and undoing it: random sequences of deletes (with and without
 * moveTo), undos in any order, new values, story edits and trash moves, run through dispatch on a real
 * library. After every step the values' order and names and every story's tags and primary value
 * (trashed stories too) must equal the model's; an undo succeeds exactly when the model says it still
 * fits, and is refused with the model's reason otherwise.
 *
 * CULTURE_MODEL_RUNS (and CULTURE_MODEL_STEPS) run it longer than CI does.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch, type Dispatch } from '../../electron/core/dispatch'
import { inputOf } from '../../electron/core/stories/story-fields'
import type { CoreValue } from '../../electron/core/values/core-value'
import { storyInput, tempCore } from './temp-library'

const RUNS = Number(process.env.CULTURE_MODEL_RUNS ?? 25)
const STEPS = Number(process.env.CULTURE_MODEL_STEPS ?? 25)
/** values.delete keeps this many undo records (value-undo.ts). */
const KEPT = 20
const NAMES = ['Alpha', 'Beta', 'Gamma']

interface Tags {
  valueIds: Set<string>
  primary: string
  /** Bumped by every write to the story: an undo applies only to the version its delete wrote. */
  version: number
  trashed: boolean
}

interface Pending {
  token: string
  id: string
  name: string
  position: number
  moved: { id: string; valueIds: Set<string>; primary: string; version: number }[]
}

interface Model {
  order: string[]
  names: Map<string, string>
  stories: Map<string, Tags>
  pending: Pending[]
}

interface Real {
  core: CultureCore
  call: Dispatch
}

async function answer(real: Real, method: string, input: unknown) {
  return real.call(method, input)
}

function check(model: Model, real: Real) {
  const values = real.core.values.list()
  expect(values.map((v) => v.id)).toEqual(model.order)
  expect(values.map((v) => v.position)).toEqual(model.order.map((_, i) => i))
  for (const v of values) expect(v.name).toBe(model.names.get(v.id))
  for (const [id, m] of model.stories) {
    const s = real.core.stories.get(id)
    expect(new Set(s.valueIds), `tags of ${id}`).toEqual(m.valueIds)
    expect(s.primaryValueId).toBe(m.primary)
    expect(s.deletedAt !== null).toBe(m.trashed)
  }
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_m: Readonly<Model>): boolean {
    return true
  }
  abstract act(model: Model, real: Real): Promise<void>
  async run(model: Model, real: Real) {
    await this.act(model, real)
    check(model, real)
  }
  abstract toString(): string
}

class Delete extends Step {
  constructor(
    private pick: number,
    private target: number | null,
  ) {
    super()
  }
  check(m: Readonly<Model>) {
    return m.order.length >= 2
  }
  async act(model: Model, real: Real) {
    const id = model.order[this.pick % model.order.length]
    const moveTo = this.target === null ? undefined : model.order[this.target % model.order.length]
    const tagged = [...model.stories].filter(([, s]) => s.valueIds.has(id))
    const res = await answer(real, 'values.delete', { id, moveTo })
    if (moveTo === id) {
      expect(res).toMatchObject({ ok: false, error: { code: 'value.moveToSelf' } })
      return
    }
    if (!moveTo && tagged.length) {
      const code = tagged.some(([, s]) => s.trashed) ? 'value.inUseSomeTrashed' : 'value.inUse'
      expect(res).toMatchObject({ ok: false, error: { code } })
      return
    }
    if (!res.ok) throw new Error(`${this}: ${res.error.code}`)
    const moved = tagged.map(([storyId, s]) => {
      const before = { valueIds: new Set(s.valueIds), primary: s.primary }
      s.valueIds = new Set([...s.valueIds].map((v) => (v === id ? moveTo! : v)))
      if (s.primary === id) s.primary = moveTo!
      s.version++
      return { id: storyId, ...before, version: s.version }
    })
    const position = model.order.indexOf(id)
    model.order.splice(position, 1)
    model.pending.push({ token: (res.value as { undoToken: string }).undoToken, id, name: model.names.get(id)!, position, moved })
    model.names.delete(id)
    if (model.pending.length > KEPT) model.pending.shift()
  }
  toString() {
    return `delete(${this.pick}, ${this.target})`
  }
}

class Undo extends Step {
  constructor(private pick: number) {
    super()
  }
  check(m: Readonly<Model>) {
    return m.pending.length > 0
  }
  async act(model: Model, real: Real) {
    const at = this.pick % model.pending.length
    const p = model.pending[at]
    const res = await answer(real, 'values.undoDelete', { token: p.token })
    const taken = [...model.names.values()].some((n) => n.toLowerCase() === p.name.toLowerCase())
    const changed = p.moved.filter((m) => model.stories.get(m.id)!.version !== m.version)
    if (taken) {
      expect(res).toMatchObject({ ok: false, error: { code: 'value.undoNameTaken' } })
      return
    }
    if (changed.length) {
      expect(res).toMatchObject({ ok: false, error: { code: 'value.undoStoriesChanged', params: { count: changed.length } } })
      return
    }
    if (!res.ok) throw new Error(`${this}: ${res.error.code}`)
    expect((res.value as CoreValue).id).toBe(p.id)
    model.order.splice(Math.min(p.position, model.order.length), 0, p.id)
    model.names.set(p.id, p.name)
    for (const m of p.moved) {
      const s = model.stories.get(m.id)!
      s.valueIds = new Set(m.valueIds)
      s.primary = m.primary
      s.version++
    }
    model.pending.splice(at, 1)
  }
  toString() {
    return `undo(${this.pick})`
  }
}

class Create extends Step {
  constructor(private name: string) {
    super()
  }
  async act(model: Model, real: Real) {
    const res = await answer(real, 'values.create', { name: this.name, description: '', color: '#123456' })
    if ([...model.names.values()].includes(this.name)) {
      expect(res).toMatchObject({ ok: false, error: { code: 'value.nameTaken' } })
      return
    }
    if (!res.ok) throw new Error(`${this}: ${res.error.code}`)
    const { id } = res.value as CoreValue
    model.order.push(id)
    model.names.set(id, this.name)
  }
  toString() {
    return `create(${this.name})`
  }
}

/** Edits a live story's title, or moves a story into or out of the trash: either way a new version. */
class Touch extends Step {
  constructor(private pick: number) {
    super()
  }
  async act(model: Model, real: Real) {
    const ids = [...model.stories.keys()]
    const id = ids[this.pick % ids.length]
    const s = model.stories.get(id)!
    if (this.pick % 2 === 0 && !s.trashed) {
      // Its own fields with a new title: storyInput names a value that may be deleted by now.
      const fields = { ...inputOf(real.core.stories.get(id)), title: `Edited ${s.version}` }
      const res = await answer(real, 'stories.update', { id, fields })
      if (!res.ok) throw new Error(`${this}: ${res.error.code}`)
    } else {
      const res = await answer(real, s.trashed ? 'stories.restore' : 'stories.trash', { id })
      if (!res.ok) throw new Error(`${this}: ${res.error.code}`)
      s.trashed = !s.trashed
    }
    s.version++
  }
  toString() {
    return `touch(${this.pick})`
  }
}

/** Six stories over the first four values, two of them in the trash, one carrying two of the values. */
async function start(): Promise<{ model: Model; real: Real }> {
  const core = tempCore()
  const call = createDispatch(core)
  const values = core.values.list()
  const model: Model = {
    order: values.map((v) => v.id),
    names: new Map(values.map((v) => [v.id, v.name])),
    stories: new Map(),
    pending: [],
  }
  const layouts = [[0], [0, 1], [1], [2, 0], [3], [2]]
  for (const [i, layout] of layouts.entries()) {
    const valueIds = layout.map((n) => values[n].id)
    const res = await call('stories.create', { fields: storyInput(core, { title: `Story ${i}`, valueIds, primaryValueId: valueIds[0] }) })
    if (!res.ok) throw new Error(res.error.message)
    const { id } = res.value as { id: string }
    const trashed = i >= 4
    if (trashed) core.stories.trash(id)
    model.stories.set(id, { valueIds: new Set(valueIds), primary: valueIds[0], version: 0, trashed })
  }
  return { model, real: { core, call } }
}

describe('deleting core values and undoing it, as a model', () => {
  it('puts back exactly what each delete took, or refuses for the reason the model gives', async () => {
    const pick = fc.nat(50)
    const commands = [
      fc.tuple(pick, fc.option(pick, { nil: null })).map(([p, t]) => new Delete(p, t)),
      pick.map((p) => new Undo(p)),
      fc.constantFrom(...NAMES).map((n) => new Create(n)),
      pick.map((p) => new Touch(p)),
    ]
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: STEPS, size: 'max' }), async (cmds) => {
        const setup = await start()
        try {
          await fc.asyncModelRun(() => setup, cmds)
        } finally {
          setup.real.core.close()
        }
      }),
      { numRuns: RUNS },
    )
  }, 120_000)
})
