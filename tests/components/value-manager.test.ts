import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

const cards = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="value-card"] h2').map((h) => h.text())
const button = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find((b) => b.text() === text)!

describe('the core values page', () => {
  it('reorders the values, which is the order of the book’s chapters', async () => {
    const { core } = installCoreBridge()
    const { wrapper } = await mountApp('/values')
    expect(cards(wrapper)).toEqual(core.values.list().map((v) => v.name))
    const [first, second] = cards(wrapper)
    await wrapper.find(`button[aria-label="Move ${first} down"]`).trigger('click')
    await settle()
    expect(cards(wrapper).slice(0, 2)).toEqual([second, first])
    expect(
      core.values
        .list()
        .slice(0, 2)
        .map((v) => v.name),
    ).toEqual([second, first])
    expect(notices(wrapper)).toEqual([{ kind: 'info', text: 'Order saved.' }])
  })

  it('adds a value once it has a name, and marks the name until then', async () => {
    const { core } = installCoreBridge()
    const { wrapper } = await mountApp('/values')
    const before = core.values.list().length
    await button(wrapper, 'Add a value').trigger('click')
    await wrapper.find('.value-card.editing form').trigger('submit')
    await settle()
    expect(wrapper.find('.value-card.editing .invalid input').attributes('name')).toBe('name')
    expect(core.values.list()).toHaveLength(before)

    await wrapper.find('.value-card.editing input[name="name"]').setValue('Be kind')
    await wrapper.find('.value-card.editing form').trigger('submit')
    await settle()
    expect(cards(wrapper).at(-1)).toBe('Be kind')
    expect(core.values.list().at(-1)!.name).toBe('Be kind')
  })

  it('deletes an unused value after a plain confirm, and one in use by moving its stories to the value chosen', async () => {
    const { core } = installCoreBridge()
    const [used, target] = core.values.list()
    const story = core.stories.create(storyFields.parse(storyInput(core, { valueIds: [used.id], primaryValueId: used.id })), 'draft')
    const unused = core.values.list().at(-1)!
    const { wrapper } = await mountApp('/values')
    const deleteOf = (name: string) =>
      wrapper
        .findAll('[data-testid="value-card"]')
        .find((c) => c.find('h2').text() === name)!
        .findAll('button')
        .find((b) => b.text() === 'Delete')!
    const confirm = (label: string) => wrapper.findAll('dialog.confirm button').find((b) => b.text() === label)

    await deleteOf(unused.name).trigger('click')
    expect(wrapper.find('dialog.confirm select').exists()).toBe(false)
    await confirm('Delete')!.trigger('click')
    // The list follows the library's change notice.
    await eventually(() => expect(cards(wrapper)).not.toContain(unused.name))
    expect(core.values.list().map((v) => v.id)).not.toContain(unused.id)

    await deleteOf(used.name).trigger('click')
    const dialog = wrapper.find('dialog.confirm')
    expect(dialog.text()).toContain('Move its story to:')
    expect(dialog.text()).not.toMatch(/refuse/)
    expect(confirm('Delete')).toBeUndefined()
    const options = dialog.findAll('select[name="moveTo"] option').map((o) => o.text())
    expect(options).not.toContain(used.name)
    expect(options).toContain(target.name)
    await dialog.find('select[name="moveTo"]').setValue(target.id)
    await confirm('Delete and move')!.trigger('click')
    await eventually(() => expect(cards(wrapper)).not.toContain(used.name))
    expect(core.stories.get(story.id)).toMatchObject({ primaryValueId: target.id, valueIds: [target.id] })
    expect(notices(wrapper)).toEqual([
      { kind: 'info', text: `“${unused.name}” deleted.` },
      { kind: 'info', text: `“${used.name}” deleted.` },
    ])
  })
})
