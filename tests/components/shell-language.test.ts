/**
 * The app's shell (sidebar, search box, notices, status badges, the Settings page) in Danish and
 * Swedish, and the language chosen in Settings: it re-renders the window at once and is kept by the
 * core (issue 11).
 */
import type { VueWrapper } from '@vue/test-utils'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Locale } from '../../electron/core/error-text'
import { storyFields } from '../../electron/core/stories/story-input'
import appDa from '../../resources/locales/ui/app.da.json'
import appEn from '../../resources/locales/ui/app.en.json'
import appSv from '../../resources/locales/ui/app.sv.json'
import commonDa from '../../resources/locales/ui/common.da.json'
import commonEn from '../../resources/locales/ui/common.en.json'
import commonSv from '../../resources/locales/ui/common.sv.json'
import { setLocale } from '../../src/i18n'
import { useNoticesStore } from '../../src/stores/notices'
import { useSettingsStore } from '../../src/stores/settings'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

type Tree = { [key: string]: string | Tree }
const texts = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : texts(v)))

/**
 * The English words of the shell's catalogues (app, common) that must not show in `locale`: each
 * plural form's longest run of words between placeholders. A word the language writes the same
 * (Culture Book, Ctrl K, the language named in itself: "English") is left out.
 */
function englishWords(locale: Exclude<Locale, 'en'>): string[] {
  const own = new Set(texts({ ...(locale === 'da' ? { ...appDa, ...commonDa } : { ...appSv, ...commonSv }) }))
  return texts({ ...appEn, ...commonEn })
    .filter((text) => !own.has(text))
    .flatMap((text) => text.split(/\s\|\s/))
    .map((form) =>
      form
        .split(/\{\w+\}/)
        .reduce((a, b) => (b.trim().length > a.trim().length ? b : a), '')
        .trim(),
    )
    .filter((words) => words.length > 1 && !own.has(words))
}

/** Everything a person sees or hears of an element: its text and the labels, titles and placeholders inside it. */
function shown(wrapper: VueWrapper, selector: string): string {
  return wrapper
    .findAll(selector)
    .flatMap((part) => [
      part.text(),
      ...[part.element, ...part.element.querySelectorAll('*')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder'].map((name) => el.getAttribute(name) ?? ''),
      ),
    ])
    .join('\n')
}

const leftInEnglish = (text: string, locale: Exclude<Locale, 'en'>) =>
  englishWords(locale).filter((words) =>
    new RegExp(`(^|[^\\p{L}])${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text),
  )

function library() {
  const bridge = installCoreBridge()
  const { core } = bridge
  core.stories.create(storyFields.parse(storyInput(core, { title: 'Shoes in time' })), 'submitted')
  const trashed = core.stories.create(storyFields.parse(storyInput(core, { title: 'Gone', isRecovery: false })), 'draft')
  core.stories.trash(trashed.id)
  return bridge
}

const SHELL = 'nav.sidebar, .notice-tray, [data-testid="status"], .recovery, .chips'
const sidebarLinks = (wrapper: VueWrapper) => wrapper.findAll('nav.sidebar a.nav-link').map((a) => a.text().replace(/\s*\d+$/, ''))

afterEach(() => {
  Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true })
})

describe.each(['da', 'sv'] as const)('the shell in %s', (locale) => {
  it('shows no English word of its own on the story list, in notices or on the Settings page', async () => {
    library()
    setLocale(locale)
    const { wrapper, router } = await mountApp('/stories')
    await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]')).toHaveLength(1))
    useNoticesStore().info('✓')
    await settle()
    expect(wrapper.find('.notice button').attributes('aria-label')).toBe(locale === 'da' ? 'Skjul' : 'Stäng')
    expect(wrapper.find('[data-testid="search-input"]').attributes('placeholder')).toBe(
      locale === 'da' ? 'Søg i fortællinger' : 'Sök bland berättelser',
    )
    expect(wrapper.find('[data-testid="review-count"]').attributes('title')).toBe(
      locale === 'da' ? '1 fortælling venter på godkendelse' : '1 berättelse väntar på granskning',
    )
    expect(wrapper.find('[data-testid="status"]').text()).toBe(locale === 'da' ? 'Indsendt' : 'Inskickad')
    expect(leftInEnglish(shown(wrapper, SHELL), locale)).toEqual([])

    await router.push('/settings')
    await eventually(() => expect(wrapper.find('[data-testid="language-select"]').exists()).toBe(true))
    expect(leftInEnglish(shown(wrapper, `${SHELL}, main`), locale)).toEqual([])
    // Each language is named in itself, so it can be found whatever the window speaks.
    expect(wrapper.findAll('[data-testid="language-select"] option').map((o) => o.text())).toEqual([
      locale === 'da' ? 'Følg systemet (English)' : 'Följ systemet (English)',
      'English',
      'Dansk',
      'Svenska',
    ])

    await router.push('/no-such-page')
    await eventually(() => expect(wrapper.find('main h1').text()).toBe(locale === 'da' ? 'Her er ingenting' : 'Här finns ingenting'))
    expect(leftInEnglish(shown(wrapper, `${SHELL}, main`), locale)).toEqual([])
  })
})

describe('choosing the language in Settings', () => {
  it('re-renders the sidebar at once, and the core keeps the choice for the next start', async () => {
    const bridge = library()
    const { wrapper } = await mountApp('/settings')
    expect(sidebarLinks(wrapper)[0]).toBe('Stories')

    await wrapper.find('[data-testid="language-select"]').setValue('da')
    await eventually(() =>
      expect(sidebarLinks(wrapper)).toEqual([
        'Fortællinger',
        'Godkendelseskø',
        'Træning',
        'Indsigt',
        'Årbog',
        'Kerneværdier',
        'Bibliotek',
        'Papirkurv',
        'Indstillinger',
      ]),
    )
    expect(document.documentElement.lang).toBe('da')
    expect(await bridge.bridge.call('settings.get', {})).toEqual({ ok: true, value: { language: 'da', theme: 'system' } })
    expect(JSON.parse(readFileSync(join(bridge.folder, 'settings.json'), 'utf8'))).toEqual({ language: 'da', theme: 'system' })

    await wrapper.find('[data-testid="language-select"]').setValue('sv')
    await eventually(() => expect(sidebarLinks(wrapper)[0]).toBe('Berättelser'))
    expect((wrapper.find('[data-testid="language-select"]').element as HTMLSelectElement).value).toBe('sv')
  })

  it('follows the system’s language when asked to', async () => {
    library()
    Object.defineProperty(navigator, 'language', { value: 'sv-SE', configurable: true })
    const { wrapper } = await mountApp('/settings')
    await wrapper.find('[data-testid="language-select"]').setValue('da')
    await eventually(() => expect(sidebarLinks(wrapper)[0]).toBe('Fortællinger'))
    await wrapper.find('[data-testid="language-select"]').setValue('system')
    await eventually(() => expect(sidebarLinks(wrapper)[0]).toBe('Berättelser'))
    expect(wrapper.find('[data-testid="language-select"] option').text()).toBe('Följ systemet (Svenska)')
  })

  it('starts in the language the core kept (as main.ts does before mounting), and follows another window’s choice', async () => {
    const bridge = library()
    bridge.core.settings.update({ language: 'da' })
    await useSettingsStore().load()
    const { wrapper } = await mountApp('/stories')
    expect(sidebarLinks(wrapper)[0]).toBe('Fortællinger')
    // Another window (or the desktop shell) changes it: the change feed tells this one.
    bridge.core.settings.update({ language: 'sv' })
    await eventually(() => expect(sidebarLinks(wrapper)[0]).toBe('Berättelser'))
  })
})
