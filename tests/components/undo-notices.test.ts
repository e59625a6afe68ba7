/**
 * Undo instead of fear (issue 13, part 2): the notice after trashing, restoring, archiving, deleting a
 * value or a scenario, or hiding a shipped scenario offers Undo, and clicking it puts the library back.
 */
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

const button = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find((b) => b.text() === text)
const confirm = (wrapper: VueWrapper, label: string) => wrapper.findAll('dialog.confirm button').find((b) => b.text() === label)!

/** Clicks the Undo of the notice saying `text`. */
async function undo(wrapper: VueWrapper, text: string) {
  const notice = wrapper.findAll('.notice').find((n) => n.find('span').text() === text)
  expect(notice, `a notice saying ${text}`).toBeDefined()
  await notice!.find('button.notice-undo').trigger('click')
  await settle()
}

function story(core: CultureCore, title: string, status: 'submitted' | 'draft' = 'submitted') {
  return core.stories.create(storyFields.parse(storyInput(core, { title })), status)
}

describe('Undo in the notices', () => {
  it('puts a story trashed from the reader back, with its status, and a restored one back in the trash', async () => {
    const { core } = installCoreBridge()
    const s = story(core, 'Shoes overnight')
    core.stories.setStatus(s.id, 'approved')
    const { wrapper, router } = await mountApp(`/stories/${s.id}`)
    await button(wrapper, 'Move to trash')!.trigger('click')
    await settle()
    expect(core.stories.get(s.id).deletedAt).not.toBeNull()
    await eventually(() => expect(router.currentRoute.value.path).toBe('/stories'))

    await undo(wrapper, 'Moved to the trash. You can restore it from there.')
    expect(core.stories.get(s.id)).toMatchObject({ deletedAt: null, status: 'approved' })
    await eventually(() => expect(wrapper.findAll('.story-title').map((t) => t.text())).toContain('Shoes overnight'))

    // From the trash page: Restore, then Undo puts it back in the trash.
    core.stories.trash(s.id)
    const trash = await mountApp('/trash')
    await button(trash.wrapper, 'Restore')!.trigger('click')
    await settle()
    expect(core.stories.get(s.id).deletedAt).toBeNull()
    await undo(trash.wrapper, '“Shoes overnight” is back among the stories.')
    expect(core.stories.get(s.id)).toMatchObject({ status: 'approved' })
    expect(core.stories.get(s.id).deletedAt).not.toBeNull()
    await eventually(() => expect(trash.wrapper.findAll('.story-title').map((t) => t.text())).toEqual(['Shoes overnight']))
  })

  it('returns a story archived in the reader to the status it had', async () => {
    const { core } = installCoreBridge()
    const s = story(core, 'Late parcel')
    const { wrapper } = await mountApp(`/stories/${s.id}`)
    await button(wrapper, 'Archive')!.trigger('click')
    await settle()
    // Archiving may ask why first (the reason is optional): go on without one.
    const asked = wrapper.findAll('dialog.confirm').find((d) => (d.element as HTMLDialogElement).open)
    if (asked) {
      await asked
        .findAll('button')
        .find((b) => b.text() === 'Archive')!
        .trigger('click')
      await settle()
    }
    expect(core.stories.get(s.id).status).toBe('archived')
    await undo(wrapper, 'Archived.')
    expect(core.stories.get(s.id).status).toBe('submitted')
    expect(wrapper.find('[data-testid="status"]').text()).toBe('Submitted')
  })

  it('brings a deleted value back with its stories tagged exactly as before', async () => {
    const { core } = installCoreBridge()
    const [used, target] = core.values.list()
    const s = core.stories.create(storyFields.parse(storyInput(core, { valueIds: [used.id, target.id], primaryValueId: used.id })), 'draft')
    const rows = () => JSON.stringify([core.db.prepare('SELECT * FROM core_values ORDER BY id').all(), core.stories.get(s.id).valueIds])
    const before = rows()
    const { wrapper } = await mountApp('/values')
    const card = () => wrapper.findAll('[data-testid="value-card"]').find((c) => c.find('h2').text() === used.name)
    await card()!
      .findAll('button')
      .find((b) => b.text() === 'Delete')!
      .trigger('click')
    await settle()
    await wrapper.find('dialog.confirm select[name="moveTo"]').setValue(target.id)
    await confirm(wrapper, 'Delete and move').trigger('click')
    await settle()
    expect(core.stories.get(s.id)).toMatchObject({ valueIds: [target.id], primaryValueId: target.id })
    await eventually(() => expect(card()).toBeUndefined())

    await undo(wrapper, `“${used.name}” deleted.`)
    expect(rows()).toBe(before)
    expect(core.stories.get(s.id).primaryValueId).toBe(used.id)
    await eventually(() => expect(wrapper.findAll('[data-testid="value-card"] h2')[0].text()).toBe(used.name))
    expect(notices(wrapper).filter((n) => n.kind === 'error')).toEqual([])
  })

  it('says why a value cannot come back once one of the same name was added', async () => {
    const { core } = installCoreBridge()
    const spare = core.values.create({ name: 'Spare', description: '', color: '#123456' })
    const { wrapper } = await mountApp('/values')
    const card = wrapper.findAll('[data-testid="value-card"]').find((c) => c.find('h2').text() === 'Spare')!
    await card
      .findAll('button')
      .find((b) => b.text() === 'Delete')!
      .trigger('click')
    await settle()
    await confirm(wrapper, 'Delete').trigger('click')
    await settle()
    core.values.create({ name: 'Spare', description: 'Another', color: '#654321' })
    await undo(wrapper, '“Spare” deleted.')
    expect(notices(wrapper)).toContainEqual({
      kind: 'error',
      text: '“Spare” cannot come back: another core value with that name has been added since.',
    })
    expect(
      core.values
        .list()
        .filter((v) => v.name === 'Spare')
        .map((v) => v.id),
    ).not.toContain(spare.id)
  })
})

describe('scenarios: delete with Undo, hide the shipped ones', () => {
  it('asks before deleting a scenario never played, and Undo brings it back', async () => {
    const { core } = installCoreBridge()
    const [value] = core.values.list()
    const shipped = core.training.scenarios.list()[0]
    const own = core.training.scenarios.save(null, {
      ...shipped,
      title: 'My own scenario',
      valueIds: [value.id],
      storyId: null,
    })
    const { wrapper } = await mountApp('/training/scenarios')
    const row = () => wrapper.findAll('[data-testid="scenario-row"]').find((r) => r.find('.story-title').text() === 'My own scenario')
    await row()!
      .findAll('button')
      .find((b) => b.text() === 'Delete')!
      .trigger('click')
    await settle()
    expect(wrapper.find<HTMLDialogElement>('dialog.confirm').element.open).toBe(true)
    expect(wrapper.find('dialog.confirm').text()).toContain('Delete “My own scenario”? It has never been played.')
    expect(core.training.scenarios.get(own.id).id).toBe(own.id)
    await confirm(wrapper, 'Delete').trigger('click')
    await settle()
    expect(row()).toBeUndefined()

    await undo(wrapper, '“My own scenario” deleted.')
    expect(core.training.scenarios.get(own.id)).toEqual(own)
    expect(row()).toBeDefined()
  })

  it('hides a shipped scenario instead of deleting it, lists it under the hidden ones, and shows it again', async () => {
    const { core } = installCoreBridge()
    // An original: the hidden list names each family by it.
    const first = core.training.scenarios.list().find((s) => s.translationOf === null)!
    const { wrapper } = await mountApp('/training/scenarios')
    const titles = () => wrapper.findAll('[data-testid="scenario-row"] .story-title').map((t) => t.text())
    const count = titles().length
    const row = wrapper.findAll('[data-testid="scenario-row"]').find((r) => r.find('.story-title').text() === first.title)!
    expect(row.findAll('button').map((b) => b.text())).toEqual(['Hide'])
    await row.find(`button[aria-label="Hide “${first.title}” from training"]`).trigger('click')
    await settle()
    // The family goes: the original and its translations.
    expect(titles()).not.toContain(first.title)
    expect(titles().length).toBe(count - 3)
    expect(core.training.onboardingPath().map((s) => s.id)).not.toContain(first.id)

    const toggle = wrapper.find('[data-testid="hidden-scenarios"] > button')
    // The Hide button went with its row: the keyboard goes on from the hidden list's toggle.
    expect(document.activeElement).toBe(toggle.element)
    expect(toggle.text()).toBe('1 hidden scenario')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(wrapper.findAll('[data-testid="hidden-scenario"]').map((li) => li.find('span').text())).toEqual([first.title])
    await wrapper.find(`button[aria-label="Show “${first.title}” again"]`).trigger('click')
    await settle()
    expect(titles().length).toBe(count)
    expect(wrapper.find('[data-testid="hidden-scenarios"]').exists()).toBe(false)

    // Hiding, then Undo in its notice.
    await wrapper.find(`button[aria-label="Hide “${first.title}” from training"]`).trigger('click')
    await settle()
    await undo(wrapper, `“${first.title}” is hidden from training.`)
    expect(titles().length).toBe(count)
    expect(core.training.scenarios.hidden()).toEqual([])
  })
})
