import { describe, expect, it } from 'vitest'
import { CultureError } from '../../electron/core/errors'
import { storyFields } from '../../electron/core/stories/story-input'
import { countRows, storyInput, tempCore, thrown as thrownBy, valueId } from './temp-library'

const thrown = (fn: () => unknown) => thrownBy<CultureError>(fn)

describe('core values', () => {
  it('renames, describes and recolours a value, keeping its slug', () => {
    const core = tempCore()
    const id = valueId(core, 'humble')
    const updated = core.values.update(id, { name: 'Stay humble', description: 'Own it.', color: '#123abc' })
    expect(updated).toMatchObject({ name: 'Stay humble', description: 'Own it.', color: '#123abc', slug: 'humble' })
    expect(core.values.list().find((v) => v.id === id)?.name).toBe('Stay humble')
  })

  it('refuses a name another value already has', () => {
    const core = tempCore()
    const err = thrown(() => core.values.update(valueId(core, 'humble'), { name: 'do more with LESS', description: '', color: '#000000' }))
    expect(err.kind).toBe('conflict')
    expect(core.values.get(valueId(core, 'humble')).name).toBe('Be humble')
  })

  it('reorders, and refuses an order that leaves a value out', () => {
    const core = tempCore()
    const ids = core.values.list().map((v) => v.id)
    const reversed = [...ids].reverse()
    expect(core.values.reorder(reversed).map((v) => v.id)).toEqual(reversed)
    expect(thrown(() => core.values.reorder(reversed.slice(1))).kind).toBe('invalid_input')
    expect(core.values.list().map((v) => v.id)).toEqual(reversed)
  })

  it('adds a value at the end with a unique slug', () => {
    const core = tempCore()
    const created = core.values.create({ name: 'Sé kind', description: 'Always.', color: '#aabbcc' })
    expect(created.slug).toBe('se-kind')
    expect(created.position).toBe(10)
    expect(core.values.list()).toHaveLength(11)
  })

  it('will not delete a value that stories use, and says how many', () => {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    const trashed = core.stories.create(storyFields.parse(storyInput(core, { title: 'Second' })), 'draft')
    core.stories.trash(trashed.id)
    const err = thrown(() => core.values.delete(wow))
    expect(err.kind).toBe('in_use')
    expect(err.message).toBe(
      '"Deliver WOW through service" cannot be deleted: 2 stories use it (1 of them in the trash). Move those stories to other values first.',
    )
    expect(countRows(core, 'core_values')).toBe(10)
  })

  it('deletes an unused value and closes the gap in the order', () => {
    const core = tempCore()
    core.values.delete(valueId(core, 'fun-and-weirdness'))
    expect(core.values.list().map((v) => v.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  })
})
