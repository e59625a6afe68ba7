/**
 * The story views in Danish and Swedish: the list, the editor with a refused save, the reader and the
 * history speak the window's language, write dates as it does (history in local time), and leave
 * none of the English catalogue's sentences on the screen.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { storyFields } from '../../electron/core/stories/story-input'
import { setLocale } from '../../src/i18n'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

type Tree = { [key: string]: string | Tree }
const LOCALES = join(import.meta.dirname, '../../resources/locales')
const read = (path: string) => JSON.parse(readFileSync(join(LOCALES, path), 'utf8')) as Tree
const leaves = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)))

/**
 * The English catalogue's words that must not show in another language: each plural form's text
 * between placeholders, where it is a phrase (a lone short word such as "Team" may be the same).
 */
function englishPhrases(locale: 'da' | 'sv'): string[] {
  const en = leaves(read('ui/stories.en.json'))
  const other = new Set(leaves(read(`ui/stories.${locale}.json`)))
  const labels = read('en.json').fields as Tree
  const translated = read(`${locale}.json`).fields as Tree
  const fieldLabels = Object.entries(labels.story as Tree).filter(([name, label]) => (translated.story as Tree)[name] !== label)
  return [
    ...en
      .filter((text) => !other.has(text))
      .flatMap((text) => text.split(/\s\|\s/))
      .flatMap((form) => form.split(/\{\w+\}/))
      .map((part) => part.trim())
      .filter((part) => part.length >= 8),
    ...fieldLabels.map(([, label]) => label as string),
  ]
}

/** Everything a person sees or hears: the text, and the placeholders, labels and titles of elements. */
function screen(wrapper: VueWrapper): string {
  const attributes = [...wrapper.element.querySelectorAll('[placeholder], [aria-label], [title]')].flatMap((el) =>
    ['placeholder', 'aria-label', 'title'].map((name) => el.getAttribute(name) ?? ''),
  )
  return [wrapper.find('main').text(), ...attributes].join('\n')
}

function expectNoEnglish(wrapper: VueWrapper, locale: 'da' | 'sv') {
  const shown = screen(wrapper)
  for (const phrase of englishPhrases(locale)) expect(shown, `“${phrase}” on a ${locale} screen`).not.toContain(phrase)
}

// Back to English while this test's library is still open: the values store reloads its names on a
// change of language, and must not ask a library the next test has already closed.
afterEach(async () => {
  setLocale('en')
  await settle()
})

const CASES = [
  {
    locale: 'da',
    count: '2 fortællinger',
    date: '14. juni 2025',
    titleLabel: 'Titel',
    month: /\b(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\./,
  },
  {
    locale: 'sv',
    count: '2 berättelser',
    date: '14 juni 2025',
    titleLabel: 'Titel',
    month: /\b(jan|feb|mars|apr|maj|juni|juli|aug|sep|okt|nov|dec)\.?/,
  },
] as const

describe.each(CASES)('the story views in $locale', ({ locale, count, date, titleLabel, month }) => {
  function library() {
    const bridge = installCoreBridge()
    const { core } = bridge
    const first = core.stories.create(
      storyFields.parse(
        storyInput(core, {
          title: 'Skoene kom frem',
          team: 'Øst',
          happenedOn: '2024-04-01',
          language: locale,
          customerContext: 'Kunden havde travlt',
        }),
      ),
      'draft',
    )
    core.stories.create(
      storyFields.parse(storyInput(core, { title: 'Pakken', team: 'Aalborg', happenedOn: '2023-06-01', language: locale })),
      'draft',
    )
    // An edit keeps the version before it: the history has one to show and compare.
    core.stories.update(
      first.id,
      storyFields.parse(
        storyInput(core, { title: 'Skoene kom frem i tide', team: 'Øst', language: locale, customerContext: 'Kunden havde travlt' }),
      ),
    )
    return { ...bridge, first: core.stories.get(first.id) }
  }

  it('lists the stories with counts and dates in the language', async () => {
    library()
    setLocale(locale)
    const { wrapper } = await mountApp('/stories')
    await eventually(() => expect(wrapper.findAll('[data-testid="story-row"]')).toHaveLength(2))
    expect(wrapper.find('[data-testid="story-count"]').text()).toBe(count)
    expect(wrapper.text()).toContain(date)
    // Teams sort as the language does: Danish and Swedish both put Ø/Ö and Aa/Å after Z.
    // (The team field suggests them in that order.)
    const teams = wrapper.findAll('.filters datalist option').map((o) => o.attributes('value'))
    expect(teams).toEqual(locale === 'da' ? ['Øst', 'Aalborg'] : ['Aalborg', 'Øst'])
    await wrapper.find('[data-testid="filter-team"]').setValue('Øst')
    await settle()
    expect(wrapper.find('[data-testid="story-count"]').text()).toMatch(/^1 \S+ (passer|matchar)/)
    expectNoEnglish(wrapper, locale)
  })

  it('marks the refused fields of a new story in the language, next to each field', async () => {
    installCoreBridge()
    setLocale(locale)
    const { wrapper } = await mountApp('/stories/new')
    await wrapper.find('input[name="title"]').setValue('   ')
    await wrapper.find('textarea[name="body"]').setValue('Kort.')
    const saveDraft = wrapper.findAll('footer button').find((b) => !b.classes().includes('primary'))!
    await saveDraft.trigger('click')
    await settle()
    const titleField = wrapper.find('input[name="title"]').element.closest('.field')!
    expect(titleField.querySelector('span')!.textContent!.trim()).toBe(titleLabel)
    const errors = (read(`${locale}.json`).errors as Tree).story as Tree
    expect(titleField.querySelector('small.error')!.textContent!.trim()).toBe(errors.titleMissing)
    const counter = wrapper.find('[data-testid="body-counter"]').text()
    expect(counter).toBe(`5 / ${new Intl.NumberFormat(locale).format(400_000)} tegn`.replace('tegn', locale === 'da' ? 'tegn' : 'tecken'))
    expectNoEnglish(wrapper, locale)
  })

  it('reads a story with its date in the language', async () => {
    const { first } = library()
    setLocale(locale)
    const { wrapper } = await mountApp(`/stories/${first.id}`)
    await eventually(() => expect(wrapper.find('[data-testid="story-title"]').text()).toBe('Skoene kom frem i tide'))
    expect(wrapper.find('.byline').text()).toContain(date)
    expectNoEnglish(wrapper, locale)
  })

  it('shows the history in local time, written as the language writes it, and compares in the language', async () => {
    const { core, first } = library()
    setLocale(locale)
    const { wrapper } = await mountApp(`/stories/${first.id}/history`)
    await eventually(() => expect(wrapper.findAll('[data-testid="revision"]')).toHaveLength(1))
    const [revision] = core.stories.revisions.list(first.id)
    const when = new Date(revision.savedAt)
    const shown = wrapper.find('[data-testid="revision"] .small').text()
    // Local time, not the UTC slice "2026-11-30 23:05" the page showed before.
    expect(shown).not.toContain(revision.savedAt.slice(0, 10))
    expect(shown).toContain([when.getHours(), when.getMinutes()].map((n) => String(n).padStart(2, '0')).join(locale === 'da' ? '.' : ':'))
    expect(shown).toMatch(month)
    expect(shown).toContain(locale === 'da' ? 'før en redigering' : 'före en redigering')
    const compare = wrapper.find('[data-testid="compare"]').text()
    expect(compare).toContain(locale === 'da' ? 'Kladde' : 'Utkast')
    expect(compare).toContain(locale === 'da' ? 'Dansk' : 'Svensk')
    expectNoEnglish(wrapper, locale)
  })
})
