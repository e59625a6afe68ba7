import type { VueWrapper } from '@vue/test-utils'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAccounts } from '../../electron/core/accounts/accounts'
import type { CultureCore } from '../../electron/core/culture-core'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import WordDiff from '../../src/components/WordDiff.vue'
import { storyInput, tempCore, tempDir } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountAlone, mountApp, notices, settle } from './mount-app'

function submitted(core: CultureCore, title: string, overrides: Partial<StoryFieldsInput> = {}) {
  // Distinct bodies: no story reads like another, so no duplicate warning gets in the way.
  const body = `${title}: ${title.split('').reverse().join('')} happened to a customer, and we ${title.length} fixed it.`
  return core.stories.create(storyFields.parse(storyInput(core, { title, body, ...overrides })), 'submitted')
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="story-row"]')
const titles = (wrapper: VueWrapper) => rows(wrapper).map((r) => r.find('.story-title').text())
const statusOf = (core: CultureCore, id: string) => core.stories.get(id).status

describe('the review queue', () => {
  it('approves a story and puts the keyboard on the next one, then on the empty queue', async () => {
    const { core } = installCoreBridge()
    const [first, second] = [submitted(core, 'First in line'), submitted(core, 'Second in line')]
    const { wrapper } = await mountApp('/review')
    await eventually(() => expect(titles(wrapper)).toEqual(['First in line', 'Second in line']))

    await rows(wrapper)[0].find<HTMLButtonElement>('[data-testid="approve-next"]').trigger('click')
    await eventually(() => expect(titles(wrapper)).toEqual(['Second in line']))
    expect(statusOf(core, first.id)).toBe('approved')
    await eventually(() => expect(document.activeElement?.textContent).toBe('Second in line'))
    expect(document.activeElement?.closest('[data-story-id]')?.getAttribute('data-story-id')).toBe(second.id)
    expect(notices(wrapper)).toContainEqual({ kind: 'info', text: '“First in line” approved.' })

    await rows(wrapper)[0].find('[data-testid="approve-next"]').trigger('click')
    await eventually(() => expect(wrapper.find('.empty').exists()).toBe(true))
    await eventually(() => expect(document.activeElement).toBe(wrapper.find('.empty').element))
  })

  it('selects all (or with Ctrl+A) and approves them in one call, naming a story it could not approve and why', async () => {
    const bridge = installCoreBridge()
    const { core } = bridge
    const stories = ['One', 'Two', 'Three'].map((title) => submitted(core, title))
    const { wrapper } = await mountApp('/review')
    await eventually(() => expect(rows(wrapper)).toHaveLength(3))

    const all = wrapper.find<HTMLInputElement>('[data-testid="select-all"]')
    const approve = wrapper.find<HTMLButtonElement>('[data-testid="approve-selected"]')
    expect(approve.element.disabled).toBe(true)
    await rows(wrapper)[1].find('[data-testid="select-story"]').setValue(true)
    expect(wrapper.find('[data-testid="selected-count"]').text()).toBe('1 selected')
    expect(all.element.indeterminate).toBe(true)
    // Each checkbox is named for its story.
    expect(rows(wrapper)[1].find('[data-testid="select-story"]').attributes('aria-label')).toBe('Select “Two”')
    await all.trigger('change')
    expect(wrapper.find('[data-testid="selected-count"]').text()).toBe('3 selected')
    await all.trigger('change')
    expect(wrapper.find('[data-testid="selected-count"]').text()).toBe('None selected')
    await wrapper.find('.story-list').trigger('keydown', { key: 'a', ctrlKey: true })
    expect(wrapper.find('[data-testid="selected-count"]').text()).toBe('3 selected')

    // Meanwhile, someone else moved one of them to the trash.
    core.stories.trash(stories[2].id)
    await approve.trigger('click')
    await eventually(() => expect(statusOf(core, stories[0].id)).toBe('approved'))
    expect(bridge.calls.filter((c) => c.method === 'stories.setStatusMany')).toEqual([
      { method: 'stories.setStatusMany', input: { ids: stories.map((s) => s.id), status: 'approved' } },
    ])
    expect(statusOf(core, stories[1].id)).toBe('approved')
    expect(statusOf(core, stories[2].id)).toBe('submitted')
    await eventually(() =>
      expect(notices(wrapper)).toEqual([
        { kind: 'info', text: '2 stories approved.' },
        { kind: 'error', text: 'Left as it was: “Three”: This story is in the trash. Restore it first.' },
      ]),
    )
  })

  it('asks why when archiving several, keeps the reason in their history, and Undo puts them back', async () => {
    const { core } = installCoreBridge()
    const [a, b] = [submitted(core, 'Told before'), submitted(core, 'Told again')]
    const { wrapper } = await mountApp('/review')
    await eventually(() => expect(rows(wrapper)).toHaveLength(2))
    await wrapper.find('[data-testid="select-all"]').trigger('change')
    await wrapper.find('[data-testid="archive-selected"]').trigger('click')
    const dialog = wrapper.find('dialog.confirm')
    expect(dialog.find('h2').text()).toBe('Archive 2 stories')
    await dialog.find('[data-testid="archive-reason"]').setValue('Both tell the Oslo parcel')
    await dialog.find('[data-testid="archive-reviewer"]').setValue('Mia')
    await dialog.findAll('button').at(-1)!.trigger('click')

    await eventually(() => expect(statusOf(core, b.id)).toBe('archived'))
    expect(statusOf(core, a.id)).toBe('archived')
    expect(core.stories.revisions.list(a.id)[0]).toMatchObject({ note: 'Both tell the Oslo parcel', notedBy: 'Mia' })
    await eventually(() => expect(wrapper.find('.empty').exists()).toBe(true))
    expect(notices(wrapper)).toContainEqual({ kind: 'info', text: '2 stories archived.' })

    await wrapper.find('.notice-undo').trigger('click')
    await eventually(() => expect(statusOf(core, a.id)).toBe('submitted'))
    expect(statusOf(core, b.id)).toBe('submitted')
    await eventually(() => expect(rows(wrapper)).toHaveLength(2))
  })

  it('asks why when archiving from the story itself too', async () => {
    const { core } = installCoreBridge()
    const story = submitted(core, 'Read first')
    localStorage.setItem('culture-book-reviewer', 'Mia')
    const { wrapper } = await mountApp(`/stories/${story.id}`)
    await eventually(() => expect(wrapper.find('.reader-actions').exists()).toBe(true))
    const archive = wrapper.findAll('.reader-actions button').find((b) => b.text() === 'Archive')!
    await archive.trigger('click')
    const dialog = wrapper.find('dialog.confirm')
    expect(dialog.find('h2').text()).toBe('Archive this story')
    // The name given last time is offered again.
    expect(dialog.find<HTMLInputElement>('[data-testid="archive-reviewer"]').element.value).toBe('Mia')
    expect(statusOf(core, story.id)).toBe('submitted')
    await dialog.find('[data-testid="archive-reason"]').setValue('Out of date')
    await dialog.findAll('button').at(-1)!.trigger('click')
    await eventually(() => expect(statusOf(core, story.id)).toBe('archived'))
    expect(core.stories.revisions.list(story.id)[0]).toMatchObject({ note: 'Out of date', notedBy: 'Mia' })
  })

  it('approves a probable duplicate with a warning, not an error', async () => {
    const { core } = installCoreBridge()
    const body = 'She could not return the boots, so we sent flowers after the funeral and refunded her money.'
    core.stories.setStatus(submitted(core, 'Boots after the funeral', { body }).id, 'approved')
    const again = submitted(core, 'Boots and a funeral', { body })
    const { wrapper } = await mountApp('/review')
    await eventually(() => expect(rows(wrapper)).toHaveLength(1))
    await wrapper.find('[data-testid="approve-next"]').trigger('click')
    await eventually(() => expect(statusOf(core, again.id)).toBe('approved'))
    await eventually(() =>
      expect(notices(wrapper)).toEqual([
        { kind: 'info', text: '“Boots and a funeral” approved.' },
        {
          kind: 'info',
          text: '“Boots and a funeral” reads much like “Boots after the funeral”. It is approved; check that it does not tell the same event twice.',
        },
      ]),
    )
  })
})

describe('a new story like one already told', () => {
  it('is saved with a warning notice, not an error', async () => {
    const { core } = installCoreBridge()
    const body = 'She could not return the boots, so we sent flowers after the funeral and refunded her money.'
    submitted(core, 'Boots after the funeral', { body })
    const { wrapper } = await mountApp('/stories/new')
    await wrapper.find('input[name="title"]').setValue('Boots and a funeral')
    await wrapper.find('input[name="author"]').setValue('Astrid Lund')
    await wrapper.find('textarea[name="body"]').setValue(body)
    await wrapper.find('input[data-value="humble"]').setValue(true)
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Submit for review')!
      .trigger('click')
    await eventually(() =>
      expect(notices(wrapper).map((n) => n.text)).toContain(
        'This looks a lot like “Boots after the funeral”. Check that it is not the same story twice.',
      ),
    )
    expect(notices(wrapper).filter((n) => n.kind === 'error')).toEqual([])
    expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 5 }).total).toBe(2)
  })
})

describe('WordDiff', () => {
  it('marks removed and added words, and says so to screen readers', async () => {
    const { wrapper } = mountAlone(WordDiff, { before: 'We sent the shoes by post.', after: 'We sent new shoes by courier.' })
    await settle()
    expect(wrapper.findAll('del').map((d) => d.text())).toEqual(['removed: the', 'removed: post'])
    expect(wrapper.findAll('ins').map((i) => i.text())).toEqual(['added: new', 'added: courier'])
    expect(wrapper.find('del .visually-hidden').text()).toBe('removed:')
    expect(wrapper.find('ins .visually-hidden').text()).toBe('added:')
    // What a screen reader reads, in order: the old words, then the new, each announced.
    expect(wrapper.text()).toBe('We sent removed: theadded: new shoes by removed: postadded: courier.')
  })

  it('shows an unchanged text as it is', async () => {
    const { wrapper } = mountAlone(WordDiff, { before: 'Same', after: 'Same' })
    await settle()
    expect(wrapper.find('del').exists()).toBe(false)
    expect(wrapper.find('ins').exists()).toBe(false)
    expect(wrapper.text()).toBe('Same')
  })
})

describe('the history', () => {
  it('names the signed-in person who made each change (a team server), the reviewer’s own name first', async () => {
    const { core } = installCoreBridge()
    const ann = openAccounts(core.db).users.create(
      { email: 'ann@example.com', displayName: 'Ann Berg', passwordHash: null, roles: [] },
      null,
    )
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'Shoes on time' })), 'draft')
    // As dispatch runs a signed-in person's call.
    core.stories.revisions.actingAs(ann.id, () =>
      core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Shoes just in time' })), { submit: true }),
    )
    core.stories.setStatus(story.id, 'approved')
    const { wrapper } = await mountApp(`/stories/${story.id}/history`)
    await eventually(() => expect(wrapper.findAll('[data-testid="revision"]')).toHaveLength(2))
    expect(wrapper.findAll('[data-testid="review-note"]').map((n) => n.text())).toEqual(['By Ann Berg'])
  })

  it('compares the newest version with the one before word by word, and any version with the one before it', async () => {
    const { core } = installCoreBridge()
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'Shoes on time', body: 'We sent shoes.' })), 'submitted')
    core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Shoes just in time', body: 'We sent shoes.' })))
    core.stories.setStatusMany([story.id], 'archived', { note: 'Not for this year', by: 'Mia' })
    const { wrapper } = await mountApp(`/stories/${story.id}/history`)
    await eventually(() => expect(wrapper.findAll('[data-testid="revision"]')).toHaveLength(2))

    // The reviewer's reason is shown with the version it was given for.
    expect(wrapper.find('[data-testid="review-note"]').text()).toBe('Reason: “Not for this year” (Mia)')
    // By default: now against the version before it, the status changed.
    const compare = () => wrapper.find('[data-testid="compare"]')
    expect(compare().find('caption').text()).toMatch(/^From Version of .+ to Now$/)
    const changed = () =>
      compare()
        .findAll('tr.changed')
        .map((r) => [r.find('th').text(), r.find('del').text(), r.find('ins').text()])
    expect(changed()).toEqual([['Status', 'removed: Submitted', 'added: Archived']])

    // The older version against the one before it: the title's words.
    const [, older] = wrapper.findAll('[data-testid="revision"]')
    expect(older.find('[data-testid="compare-before"]').exists()).toBe(false)
    await wrapper.findAll('[data-testid="revision"]')[0].find('[data-testid="compare-before"]').trigger('click')
    await settle()
    expect(compare().find('tr.changed td').text()).toBe('Shoes removed: onadded: just added: in time')
    expect(document.activeElement).toBe(compare().element)
  })
})

describe('the pack preview', () => {
  it('lists the stories a pack updates with a word diff of each changed field, and names its value picker', async () => {
    const theirs = tempCore()
    const story = theirs.stories.create(storyFields.parse(storyInput(theirs, { title: 'Flows', body: 'The parcel came late.' })), 'draft')
    const { core } = installCoreBridge()
    const shared = join(tempDir(), 'shared.culturepack')
    theirs.packs.exportPack(shared, {})
    await core.packs.apply(core.packs.preview(readFileSync(shared, 'utf8')).previewId, {}, {})
    theirs.stories.update(
      story.id,
      storyFields.parse(storyInput(theirs, { title: 'Flows', body: 'The parcel came a week late.', team: 'Support' })),
    )
    const kind = theirs.values.create({ name: 'Be kind', description: '', color: '#336699' })
    theirs.stories.create(storyFields.parse(storyInput(theirs, { title: 'Kind', valueIds: [kind.id], primaryValueId: kind.id })), 'draft')
    const path = join(tempDir(), 'theirs.culturepack')
    theirs.packs.exportPack(path, {})

    const { wrapper } = await mountApp('/library')
    const input = wrapper.find<HTMLInputElement>('[data-testid="pack-file"]')
    Object.defineProperty(input.element, 'files', { value: [new File([readFileSync(path)], 'theirs.culturepack')], configurable: true })
    await input.trigger('change')
    await eventually(() => expect(wrapper.find('[data-testid="pack-updated"]').exists()).toBe(true))

    // The value picker is named by the sentence beside it (axe: a select needs a label).
    const select = wrapper.find('[data-testid="map-be-kind"]')
    expect(select.element.closest('label')?.textContent).toContain('The pack uses “Be kind”')

    const update = wrapper.find('[data-testid="pack-update"]')
    expect(update.find('summary').text().replace(/\s+/g, ' ')).toBe('Flows Changed: Story, Team')
    // Compared only once opened.
    expect(update.find('table').exists()).toBe(false)
    ;(update.element as HTMLDetailsElement).open = true
    await update.trigger('toggle')
    const cells = update.findAll('tbody tr').map((r) => [r.find('th').text(), r.find('td').text()])
    expect(cells).toEqual([
      ['Story', 'The parcel came added: a week late.'],
      ['Team', 'removed: Customer Loyaltyadded: Support'],
    ])
  })
})
