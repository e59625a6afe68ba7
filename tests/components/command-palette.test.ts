/**
 * The command palette (issue 13, part 1): Ctrl/⌘K opens a modal dialog with one combobox field that
 * finds stories (the library's search, words marked) and actions, runs them from the keyboard or the
 * mouse, and remembers what was opened last.
 */
import type { DOMWrapper, VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { MAX_RECENTS, readRecents, remember } from '../../src/components/palette/palette-recents'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

function library(): CoreBridge & { ids: Record<string, string> } {
  const bridge = installCoreBridge()
  const { core } = bridge
  const ids: Record<string, string> = {}
  for (const [title, body] of [
    ['Courier saves the day', 'A good day.'],
    ['Wedding shoes overnight', 'The parcel went out by courier the same night.'],
    ['Returned twice', 'He returned the same jacket twice.'],
  ]) {
    ids[title] = core.stories.create(storyFields.parse(storyInput(core, { title, body, customerContext: null })), 'approved').id
  }
  return { ...bridge, ids }
}

const press = (key: string, modifiers: KeyboardEventInit = {}) => {
  const event = new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true, ...modifiers })
  window.dispatchEvent(event)
  return event
}
const dialog = (wrapper: VueWrapper) => wrapper.find<HTMLDialogElement>('[data-testid="command-palette"]')
const field = (wrapper: VueWrapper) => wrapper.find<HTMLInputElement>('[data-testid="palette-input"]')
const options = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="palette-option"]')
const optionTitles = (wrapper: VueWrapper) => options(wrapper).map((o) => o.find('.palette-option-title').text())
const groupNames = (wrapper: VueWrapper) => wrapper.findAll('[role="group"]').map((g) => g.attributes('aria-label'))
const activeTitle = (wrapper: VueWrapper) =>
  wrapper
    .find('#' + field(wrapper).attributes('aria-activedescendant'))
    .find('.palette-option-title')
    .text()
/** A key pressed in the palette's field, as the person types it there. */
const key = (input: DOMWrapper<HTMLInputElement>, name: string, modifiers: KeyboardEventInit = {}) =>
  input.trigger('keydown', { key: name, ...modifiers })

/** Holds back the library's answers to searches; the function returned lets them through. */
function holdSearches(): () => void {
  const call = window.culture.call
  const held: (() => void)[] = []
  window.culture.call = ((method: never, given: never, options: never) => {
    const answered = call(method, given, options)
    return method === 'search.query' ? new Promise((resolve) => held.push(() => resolve(answered))) : answered
  }) as typeof call
  return () => held.splice(0).forEach((release) => release())
}

async function open(wrapper: VueWrapper) {
  press('k', { ctrlKey: true })
  await settle()
  expect(dialog(wrapper).element.open).toBe(true)
  return field(wrapper)
}

/** Opens the palette and types `text` in its field. */
async function typeIn(wrapper: VueWrapper, text: string) {
  const input = await open(wrapper)
  await input.setValue(text)
  await settle()
  return input
}

describe('the command palette', () => {
  it('opens with Ctrl+K or ⌘K as a labelled modal dialog, keeps the focus inside, and gives it back on Escape', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const trash = wrapper.findAll<HTMLAnchorElement>('nav a.nav-link').find((a) => a.text().startsWith('Trash'))!
    for (const modifier of [{ ctrlKey: true }, { metaKey: true }]) {
      trash.element.focus()
      expect(dialog(wrapper).element.open).toBe(false)
      const event = press('k', modifier)
      expect(event.defaultPrevented).toBe(true)
      await settle()
      const d = dialog(wrapper)
      expect(d.element.open).toBe(true)
      expect(d.attributes('aria-modal')).toBe('true')
      expect(d.attributes('aria-label')).toBe('Command palette')
      const input = field(wrapper)
      expect(document.activeElement).toBe(input.element)
      expect(input.attributes('role')).toBe('combobox')
      expect(input.attributes('aria-label')).toBe('Find a story or an action')
      const listbox = wrapper.find(`#${input.attributes('aria-controls')}`)
      expect(listbox.attributes('role')).toBe('listbox')
      expect(input.attributes('aria-expanded')).toBe('true')
      // The first option is active, named by the field; the options are not tab stops.
      expect(input.attributes('aria-activedescendant')).toBe(options(wrapper)[0].attributes('id'))
      expect(options(wrapper)[0].attributes('aria-selected')).toBe('true')
      expect(wrapper.findAll('.palette-option[tabindex]')).toHaveLength(0)
      // Tab stays in the dialog (its field is the only stop).
      const tab = new KeyboardEvent('keydown', { key: 'Tab', cancelable: true, bubbles: true })
      input.element.dispatchEvent(tab)
      expect(tab.defaultPrevented).toBe(true)

      await key(input, 'Escape')
      await settle()
      expect(dialog(wrapper).element.open).toBe(false)
      expect(document.activeElement).toBe(trash.element)
    }
  })

  it('leaves Ctrl+K to a field that uses it itself (an editor’s link)', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const editor = document.createElement('textarea')
    editor.addEventListener('keydown', (event) => event.preventDefault())
    document.body.append(editor)
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, cancelable: true, bubbles: true }))
    await settle()
    expect(dialog(wrapper).element.open).toBe(false)
  })

  it('finds a story as you type, its words marked, and opens it with the arrows and Enter', async () => {
    const bridge = library()
    const { wrapper, router } = await mountApp('/stories')
    const input = await open(wrapper)
    await input.setValue('courier')
    await eventually(() => expect(optionTitles(wrapper)).toEqual(['Courier saves the day', 'Wedding shoes overnight']))
    expect(groupNames(wrapper)).toEqual(['Stories'])
    expect(options(wrapper)[0].find('mark').text()).toBe('Courier')
    expect(options(wrapper)[1].find('.palette-snippet mark').text()).toBe('courier')
    expect(wrapper.find('[role="status"]').text()).toBe('2 matches')
    // The library's own search answered: the same contract the search page uses.
    expect(bridge.calls.filter((c) => c.method === 'search.query').at(-1)?.input).toMatchObject({ text: 'courier' })

    expect(activeTitle(wrapper)).toBe('Courier saves the day')
    await key(input, 'ArrowDown')
    expect(activeTitle(wrapper)).toBe('Wedding shoes overnight')
    await key(input, 'ArrowDown')
    expect(activeTitle(wrapper), 'round the end').toBe('Courier saves the day')
    await key(input, 'ArrowUp')
    expect(activeTitle(wrapper)).toBe('Wedding shoes overnight')
    await key(input, 'Enter')
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe(`/stories/${bridge.ids['Wedding shoes overnight']}`))
    expect(dialog(wrapper).element.open).toBe(false)
  })

  it('says so when nothing matches, once the library has answered', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const input = await open(wrapper)
    // The library's answer held back: until it comes, nothing is said.
    const answer = holdSearches()
    await input.setValue('zebra')
    await settle()
    expect(wrapper.find('.palette-note').exists()).toBe(false)
    expect(wrapper.find('[role="status"]').text()).toBe('')
    answer()
    await eventually(() => expect(wrapper.find('.palette-note').text()).toBe('Nothing matches “zebra”.'))
    expect(wrapper.find('[role="status"]').text()).toBe('nothing matches')
    expect(options(wrapper)).toHaveLength(0)
    expect(input.attributes('aria-expanded')).toBe('false')
    expect(input.attributes('aria-activedescendant')).toBeUndefined()
  })

  it('leaves the option the arrows reached where it is when the stories arrive', async () => {
    library()
    const { wrapper } = await mountApp('/stories')
    const input = await open(wrapper)
    const answer = holdSearches()
    await input.setValue('go')
    await settle()
    expect(optionTitles(wrapper).slice(0, 3)).toEqual(['Go to Stories', 'Go to Search', 'Go to Training'])
    await key(input, 'ArrowDown')
    await key(input, 'ArrowDown')
    expect(activeTitle(wrapper)).toBe('Go to Training')
    answer()
    await settle()
    expect(activeTitle(wrapper)).toBe('Go to Training')
  })

  it('runs an action found by its name: “new story” opens the story editor', async () => {
    library()
    const { wrapper, router } = await mountApp('/stories')
    const input = await open(wrapper)
    await input.setValue('NEW st')
    await eventually(() => expect(optionTitles(wrapper)[0]).toBe('New story'))
    expect(groupNames(wrapper)[0]).toBe('Actions')
    expect(
      options(wrapper)[0]
        .findAll('mark')
        .map((m) => m.text()),
    ).toEqual(['New', 'st'])
    await key(input, 'Enter')
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/stories/new'))
  })

  it('offers every main page, and works with the mouse: the sidebar’s shortcut badge opens it, a click runs an option', async () => {
    library()
    const { wrapper, router } = await mountApp('/stories')
    const badge = wrapper.find('[data-testid="palette-key"]')
    // The keys it shows are part of its name, outside brackets (axe's label-content-name-mismatch drops a bracketed part).
    expect(badge.attributes('aria-label')).toBe('Open the command palette: Ctrl K')
    expect(badge.find('kbd').text()).toBe('Ctrl K')
    await badge.trigger('click')
    await settle()
    expect(dialog(wrapper).element.open).toBe(true)
    await field(wrapper).setValue('go to')
    await settle()
    expect(optionTitles(wrapper)).toEqual([
      'Go to Stories',
      'Go to Search',
      'Go to Training',
      'Go to Insights',
      'Go to the yearly book',
      'Go to Library',
      'Go to Core values',
      'Go to Trash',
      'Go to Settings',
    ])
    const values = options(wrapper)[6]
    await values.trigger('mousemove')
    expect(activeTitle(wrapper)).toBe('Go to Core values')
    await values.trigger('click')
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/values'))
    expect(dialog(wrapper).element.open).toBe(false)
  })

  it('backs up now, and says so in a notice', async () => {
    const bridge = library()
    const { wrapper } = await mountApp('/stories')
    const input = await typeIn(wrapper, 'back up')
    expect(optionTitles(wrapper)).toEqual(['Back up now'])
    await key(input, 'Enter')
    await eventually(() =>
      expect(notices(wrapper).map((n) => n.text)).toEqual([expect.stringMatching(/^Backed up to library-.+-manual\.sqlite\.$/)]),
    )
    const backups = await bridge.bridge.call('library.backups', {})
    expect(backups.ok && backups.value.some((b) => b.reason === 'manual')).toBe(true)
  })

  it('switches the language the settings way, and the palette speaks it', async () => {
    const bridge = library()
    const { wrapper } = await mountApp('/stories')
    let input = await typeIn(wrapper, 'language')
    // The language now shown (English) is not offered.
    expect(optionTitles(wrapper)).toEqual(['Switch language to Dansk', 'Switch language to Svenska'])
    await key(input, 'Enter')
    await eventually(() => expect(document.documentElement.lang).toBe('da'))
    expect(await bridge.bridge.call('settings.get', {})).toMatchObject({ ok: true, value: { language: 'da' } })
    input = await open(wrapper)
    expect(dialog(wrapper).attributes('aria-label')).toBe('Kommandopalet')
    await input.setValue('sprog')
    await settle()
    expect(optionTitles(wrapper)).toEqual(['Skift sprog til English', 'Skift sprog til Svenska'])
  })

  it('switches the theme the settings way, offering the themes not chosen', async () => {
    const bridge = library()
    const { wrapper } = await mountApp('/stories')
    const input = await typeIn(wrapper, 'theme')
    expect(optionTitles(wrapper)).toEqual(['Switch to the light theme', 'Switch to the dark theme'])
    await key(input, 'ArrowDown')
    await key(input, 'Enter')
    await eventually(() => expect(document.documentElement.dataset.theme).toBe('dark'))
    expect(await bridge.bridge.call('settings.get', {})).toMatchObject({ ok: true, value: { theme: 'dark' } })
    await typeIn(wrapper, 'theme')
    expect(optionTitles(wrapper)).toEqual(['Let the theme follow the system', 'Switch to the light theme'])
  })

  it('exports this year’s book: the book page opens on the current year with its export button focused', async () => {
    const { core } = library()
    // Approved today, so this year's book has a story to print (the others happened in 2025).
    const now = new Date()
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-')
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Today’s story', happenedOn: today })), 'approved')
    const { wrapper, router } = await mountApp('/stories')
    const input = await typeIn(wrapper, 'export')
    expect(optionTitles(wrapper)).toEqual(['Export this year’s book'])
    await key(input, 'Enter')
    const year = String(new Date().getFullYear())
    await eventually(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('export-pdf'))
    expect(wrapper.find<HTMLSelectElement>('[data-testid="book-year"]').element.value).toBe(year)
    // The request is spent once the button has the focus: the address keeps only the year.
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe(`/book?year=${year}`))
  })

  it('offers what was opened and run last when empty, newest first, and remembers it across windows', async () => {
    const bridge = library()
    const first = await mountApp('/stories')
    let input = await open(first.wrapper)
    expect(groupNames(first.wrapper)).toEqual(['Actions'])
    await input.setValue('returned')
    await eventually(() => expect(optionTitles(first.wrapper)).toEqual(['Returned twice']))
    await key(input, 'Enter')
    await eventually(() => expect(first.router.currentRoute.value.fullPath).toBe(`/stories/${bridge.ids['Returned twice']}`))
    input = await open(first.wrapper)
    await input.setValue('review')
    await settle()
    await key(input, 'Enter')
    await eventually(() => expect(first.router.currentRoute.value.fullPath).toBe('/review'))
    first.wrapper.unmount()

    // Another window (a new start) offers the same, in the order they were last used.
    const { wrapper, router } = await mountApp('/stories')
    input = await open(wrapper)
    expect(groupNames(wrapper)).toEqual(['Recent', 'Actions'])
    const recent = wrapper.find('[role="group"][aria-label="Recent"]').findAll('[data-testid="palette-option"]')
    expect(recent.map((o) => [o.find('.palette-option-title').text(), o.find('.palette-kind').text()])).toEqual([
      ['Review queue', 'Action'],
      ['Returned twice', 'Story'],
    ])
    // A recent action is not offered twice.
    expect(optionTitles(wrapper).filter((t) => t === 'Review queue')).toHaveLength(1)
    await key(input, 'ArrowDown')
    await key(input, 'Enter')
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe(`/stories/${bridge.ids['Returned twice']}`))
  })

  it('offers the stories read last, however they were opened', async () => {
    const bridge = library()
    const { wrapper, router } = await mountApp('/stories')
    await router.push(`/stories/${bridge.ids['Courier saves the day']}`)
    await eventually(() => expect(wrapper.find('h1').text()).toBe('Courier saves the day'))
    await open(wrapper)
    const recent = wrapper.find('[role="group"][aria-label="Recent"]').findAll('[data-testid="palette-option"]')
    expect(recent.map((o) => o.find('.palette-option-title').text())).toEqual(['Courier saves the day'])
  })

  it('remembers the newest eight, each once, and starts afresh from a damaged store', () => {
    expect(readRecents()).toEqual([])
    for (let i = 1; i <= 10; i++) remember({ kind: 'story', id: `s${i}`, title: `Story ${i}` })
    remember({ kind: 'action', id: 'backup' })
    remember({ kind: 'story', id: 's9', title: 'Story 9' })
    expect(MAX_RECENTS).toBe(8)
    expect(readRecents().map((r) => r.id)).toEqual(['s9', 'backup', 's10', 's8', 's7', 's6', 's5', 's4'])
    localStorage.setItem('culture-book.palette-recents', '{not json')
    expect(readRecents()).toEqual([])
    localStorage.setItem('culture-book.palette-recents', JSON.stringify([{ kind: 'story', id: 'x' }, { kind: 'action', id: 'review' }, 7]))
    expect(readRecents()).toEqual([{ kind: 'action', id: 'review' }])
  })
})
