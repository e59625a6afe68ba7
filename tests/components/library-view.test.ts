import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { exportMarkdownFolder } from '../../electron/core/exchange/markdown-folder'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

const button = (wrapper: VueWrapper, text: RegExp) => wrapper.findAll('button').find((b) => text.test(b.text()))!
const titles = (core: ReturnType<typeof tempCore>) =>
  core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 100 }).items.map((s) => s.title)

describe('the library page', () => {
  // Browser mode asked for a folder path typed as the server sees it; a browser can only upload what is picked.
  it('in a browser, uploads the Markdown folder picked and previews its stories', async () => {
    const source = tempCore()
    source.stories.create(storyFields.parse(storyInput(source, { title: 'Boots for a giraffe' })), 'approved')
    const folder = join(mkdtempSync(join(tmpdir(), 'culture-book-md-')), 'stories')
    exportMarkdownFolder(folder, source.stories, source.values)
    // As a browser names the files of a picked folder: by their path inside it, the folder first.
    const picked = readdirSync(folder).map((name) => {
      const file = new File([readFileSync(join(folder, name))], name)
      Object.defineProperty(file, 'webkitRelativePath', { value: `stories/${name}` })
      return file
    })
    picked.push(new File(['tracking pixel'], '.DS_Store'))
    const bridge = installCoreBridge({ shell: 'browser' })
    const { wrapper } = await mountApp('/library')
    const input = wrapper.find<HTMLInputElement>('[data-testid="markdown-folder"]')
    expect(input.attributes('webkitdirectory')).toBeDefined()
    Object.defineProperty(input.element, 'files', { value: picked, configurable: true })
    await input.trigger('change')
    await eventually(() => expect(wrapper.find('[data-testid="pack-preview"]').text()).toMatch(/^1 new/))
    expect(bridge.calls.map((c) => c.method)).toContain('exchange.markdownUpload')
    await wrapper.find('[data-testid="apply-pack"]').trigger('click')
    await eventually(() => expect(titles(bridge.core)).toEqual(['Boots for a giraffe']))
  })

  it('backs up when asked, and lists the new backup', async () => {
    const bridge = installCoreBridge()
    bridge.core.stories.create(storyFields.parse(storyInput(bridge.core)), 'draft')
    const { wrapper } = await mountApp('/library')
    expect(wrapper.find('.backups li').exists()).toBe(false)
    await wrapper.find('[data-testid="backup-now"]').trigger('click')
    await settle()
    const listed = await bridge.bridge.call('library.backups', {})
    if (!listed.ok) throw new Error(listed.error.message)
    expect(listed.value).toHaveLength(1)
    expect(notices(wrapper)).toEqual([{ kind: 'info', text: `Backed up to ${listed.value[0].name}.` }])
    expect(wrapper.findAll('.backups li')).toHaveLength(1)
  })

  it('says so when a CSV export fails while it is written', async () => {
    const bridge = installCoreBridge()
    bridge.core.stories.create(storyFields.parse(storyInput(bridge.core)), 'draft')
    // The job starts, then its writing fails, as a vanished disk would make it.
    bridge.core.csv.export = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    }
    const { wrapper } = await mountApp('/library')
    await button(wrapper, /^Export CSV$/).trigger('click')
    await eventually(() => expect(notices(wrapper)).toEqual([{ kind: 'error', text: expect.stringMatching(/disk .* is full/) }]))
    expect(wrapper.text()).not.toContain('Written:')
  })

  it('imports a CSV once its columns are matched and checked', async () => {
    const source = tempCore()
    for (const title of ['From the sheet', 'Also from the sheet'])
      source.stories.create(storyFields.parse(storyInput(source, { title })), 'draft')
    const csv = new File([source.csv.export()], 'stories.csv', { type: 'text/csv' })
    const bridge = installCoreBridge()
    const { wrapper } = await mountApp('/library')
    const input = wrapper.find<HTMLInputElement>('[data-testid="csv-file"]')
    Object.defineProperty(input.element, 'files', { value: [csv], configurable: true })
    await input.trigger('change')
    await eventually(() => expect(wrapper.find('.csv-import .pack-preview').exists()).toBe(true))
    expect(wrapper.find('.csv-import .pack-preview p').text()).toMatch(/^2 rows\./)
    const importButton = () => button(wrapper, /^Import \d* ?stor/)
    // Nothing can be imported before a check.
    expect(importButton().attributes('disabled')).toBeDefined()

    // Without a title column, the library refuses to check, and nothing can be imported.
    const title = wrapper
      .findAll('.csv-import .mapping label')
      .find((l) => l.find('span').text() === 'Title *')!
      .find('select')
    const titleColumn = (title.element as HTMLSelectElement).value
    await title.setValue('')
    await button(wrapper, /^Check$/).trigger('click')
    await settle()
    expect(notices(wrapper).map((n) => n.kind)).toEqual(['error'])
    expect(importButton().attributes('disabled')).toBeDefined()

    await title.setValue(titleColumn)
    await button(wrapper, /^Check$/).trigger('click')
    await settle()
    expect(wrapper.findAll('.csv-import .problems li')).toHaveLength(0)
    expect(importButton().text()).toBe('Import 2 stories')
    await importButton().trigger('click')
    await eventually(() => expect(wrapper.find('.csv-import .pack-preview').exists()).toBe(false))
    expect(titles(bridge.core)).toEqual(['Also from the sheet', 'From the sheet'])
    expect(notices(wrapper).map((n) => n.text)).toContain('2 new stories, 0 updated, 0 unchanged.')
  })
})
