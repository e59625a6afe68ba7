import type { VueWrapper } from '@vue/test-utils'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { exportMarkdownFolder } from '../../electron/core/exchange/markdown-folder'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir, valueId } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

/** Another library's pack, as the file a user picks. */
function packOf(other: CultureCore): File {
  const path = join(tempDir(), 'theirs.culturepack')
  other.packs.exportPack(path, {})
  return new File([readFileSync(path)], 'theirs.culturepack')
}

/** Brings every story of `from` into `to`, so both libraries share their history. */
async function exchange(from: CultureCore, to: CultureCore) {
  const path = join(tempDir(), 'shared.culturepack')
  from.packs.exportPack(path, {})
  const preview = to.packs.preview(readFileSync(path, 'utf8'))
  await to.packs.apply(preview.previewId, {}, {})
}

async function pick(wrapper: VueWrapper, file: File) {
  const input = wrapper.find<HTMLInputElement>('[data-testid="pack-file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await eventually(() => expect(wrapper.find('[data-testid="pack-preview"]').exists()).toBe(true))
}

const counts = (wrapper: VueWrapper) => wrapper.find('[data-testid="pack-preview"] p').text().replace(/\s+/g, ' ')
const applyButton = (wrapper: VueWrapper) => wrapper.find<HTMLButtonElement>('[data-testid="apply-pack"]')

async function applyAndWait(bridge: CoreBridge, wrapper: VueWrapper) {
  await applyButton(wrapper).trigger('click')
  // The import runs as a job; its end arrives as a change notice.
  await eventually(() => expect(wrapper.find('[data-testid="pack-preview"]').exists()).toBe(false))
  await settle()
  expect(bridge.calls.filter((c) => c.method === 'exchange.applyPack')).toHaveLength(1)
}

describe('the pack import preview', () => {
  it('asks for a value of ours for each one this library lacks, and imports with it', async () => {
    const theirs = tempCore()
    const kind = theirs.values.create({ name: 'Be kind', description: '', color: '#336699' })
    theirs.stories.create(
      storyFields.parse(storyInput(theirs, { title: 'A kind call', valueIds: [kind.id], primaryValueId: kind.id })),
      'draft',
    )
    const bridge = installCoreBridge()
    const { wrapper } = await mountApp('/library')
    await pick(wrapper, packOf(theirs))

    expect(counts(wrapper)).toBe('1 new · 0 updated · 0 in conflict · 0 unchanged (skipped) · 0 older (skipped)')
    const mapping = wrapper.find('[data-testid="map-be-kind"]')
    expect(mapping.exists()).toBe(true)
    expect(applyButton(wrapper).element.disabled).toBe(true)
    // Our values to choose from, by name as the language sorts them (not in chapter order).
    const offered = mapping.findAll('option:not([disabled])').map((o) => o.text())
    expect(offered).toEqual(
      bridge.core.values
        .list()
        .map((v) => v.name)
        .sort(new Intl.Collator('en').compare),
    )
    expect(offered).not.toEqual(bridge.core.values.list().map((v) => v.name))
    await mapping.setValue(valueId(bridge.core, 'humble'))
    expect(applyButton(wrapper).element.disabled).toBe(false)

    await applyAndWait(bridge, wrapper)
    const [story] = bridge.core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).items
    expect(story.title).toBe('A kind call')
    expect(story.valueIds).toEqual([valueId(bridge.core, 'humble')])
    expect(notices(wrapper)).toEqual([{ kind: 'info', text: expect.stringMatching(/^Imported: 1 new, 0 updated/) }])
  })

  it('resolves a conflict field by field: this library’s title, the pack’s body', async () => {
    const theirs = tempCore()
    const shared = theirs.stories.create(storyFields.parse(storyInput(theirs, { title: 'Shared', body: 'As it was.' })), 'draft')
    const bridge = installCoreBridge()
    const mine = bridge.core
    await exchange(theirs, mine)
    const edit = (core: CultureCore, side: string) =>
      core.stories.update(shared.id, storyFields.parse(storyInput(core, { title: `${side} title`, body: `${side} body.` })))
    edit(theirs, 'Their')
    edit(mine, 'My')
    const { wrapper } = await mountApp('/library')
    await pick(wrapper, packOf(theirs))

    expect(counts(wrapper)).toMatch(/^0 new · 0 updated · 1 in conflict/)
    const conflict = wrapper.find('[data-testid="conflict"]')
    expect(conflict.find('h3').text()).toBe('My title')
    // Until chosen otherwise, the pack's side is kept.
    expect(conflict.find<HTMLInputElement>('[data-testid="keep-theirs-title"]').element.checked).toBe(true)
    expect(conflict.find('[data-testid="keep-theirs-body"]').element.closest('label')!.textContent).toContain('Their body.')
    await conflict.find('[data-testid="keep-mine-title"]').setValue(true)
    await applyAndWait(bridge, wrapper)

    expect(mine.stories.get(shared.id)).toMatchObject({ title: 'My title', body: 'Their body.' })
  })

  it('names the stories it skips because this library has moved past them', async () => {
    const theirs = tempCore()
    const shared = theirs.stories.create(storyFields.parse(storyInput(theirs, { title: 'Old news' })), 'draft')
    const bridge = installCoreBridge()
    await exchange(theirs, bridge.core)
    bridge.core.stories.update(shared.id, storyFields.parse(storyInput(bridge.core, { title: 'Newer here' })))
    const { wrapper } = await mountApp('/library')
    await pick(wrapper, packOf(theirs))
    expect(counts(wrapper)).toMatch(/· 1 older \(skipped\)$/)
    expect(wrapper.find('[data-testid="pack-older"]').text()).toContain('“Old news”')
  })

  it('frees the preview in the library when cancelled', async () => {
    const theirs = tempCore()
    theirs.stories.create(storyFields.parse(storyInput(theirs)), 'draft')
    const bridge = installCoreBridge()
    const { wrapper } = await mountApp('/library')
    await pick(wrapper, packOf(theirs))
    const previewId = lastPreviewId(bridge)
    await wrapper
      .findAll('[data-testid="pack-preview"] button')
      .find((b) => b.text() === 'Cancel')!
      .trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="pack-preview"]').exists()).toBe(false)
    expect(bridge.calls.filter((c) => c.method === 'exchange.closePreview').map((c) => c.input)).toEqual([{ previewId }])
    // The library no longer holds it.
    expect(await bridge.bridge.call('exchange.closePreview', { previewId })).toEqual({ ok: true, value: { closed: false } })
  })

  it('reads a Markdown folder the user chose in the desktop app’s dialog into the same preview', async () => {
    const source = tempCore()
    source.stories.create(storyFields.parse(storyInput(source, { title: 'From Markdown' })), 'draft')
    const bridge = installCoreBridge()
    const folder = join(bridge.folder, 'markdown')
    mkdirSync(folder)
    exportMarkdownFolder(join(folder, 'stories'), source.stories, source.values)
    bridge.chosenPaths.push(join(folder, 'stories'))
    const { wrapper } = await mountApp('/library')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Import a Markdown folder…')!
      .trigger('click')
    await eventually(() => expect(wrapper.find('[data-testid="pack-preview"]').exists()).toBe(true))
    expect(counts(wrapper)).toMatch(/^1 new/)
    await applyAndWait(bridge, wrapper)
    expect(bridge.core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).items.map((s) => s.title)).toEqual([
      'From Markdown',
    ])
  })
})

/** The preview the library answered last; read from the wire, as the renderer received it. */
function lastPreviewId(bridge: CoreBridge): string {
  const answer = bridge.answers.filter((a) => a.method === 'exchange.previewPack').at(-1)!.response
  if (!answer.ok) throw new Error(answer.error.message)
  return (answer.value as { previewId: string }).previewId
}
