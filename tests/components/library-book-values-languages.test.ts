/**
 * The library, book and values pages in Danish and in Swedish: backup times in local time written
 * as the language writes them, and not one sentence of their English catalogue left on the screen.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { setLocale } from '../../src/i18n'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp } from './mount-app'

type Tree = { [key: string]: string | Tree }
const UI = join(import.meta.dirname, '../../resources/locales/ui')
const catalogue = (area: string, locale: string) => JSON.parse(readFileSync(join(UI, `${area}.${locale}.json`), 'utf8')) as Tree
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v, `${prefix}${k}.`)))

/** The English words of the three areas that a translation writes differently: two or more words between placeholders. */
function englishPhrases(locale: string): string[] {
  return ['library', 'book', 'values'].flatMap((area) => {
    const translated = new Map(leaves(catalogue(area, locale)))
    return leaves(catalogue(area, 'en'))
      .filter(([key, english]) => translated.get(key) !== english)
      .flatMap(([, english]) => english.split(/\s\|\s|\{\w+\}/))
      .map((phrase) => phrase.trim().replace(/^[·:;,.]\s*|\s*[·:;,]$/g, ''))
      .filter((phrase) => /\p{L}+\s+\p{L}+/u.test(phrase))
  })
}

const year = new Date().getFullYear()

/** Every word a person sees or hears: the text, and the labels and titles of the controls. */
function shown(wrapper: VueWrapper): string {
  const labels = wrapper
    .findAll('[aria-label], [title], [placeholder]')
    .flatMap((e) => ['aria-label', 'title', 'placeholder'].map((a) => e.attributes(a) ?? ''))
  return [wrapper.text(), ...labels].join('\n')
}

const cases = [
  { locale: 'da' as const, keptUntil: /^gemmes til \d{1,2}\. \p{L}+ \d{4}$/u },
  { locale: 'sv' as const, keptUntil: /^sparas till \d{1,2} \p{L}+ \d{4}$/u },
]

describe.each(cases)('the library, book and values pages in $locale', ({ locale, keptUntil }) => {
  it('writes backup times in local time as the language does, and shows no English sentence of theirs', async () => {
    const { core } = installCoreBridge()
    const story = core.stories.create(storyFields.parse(storyInput(core, { happenedOn: `${year}-01-02` })), 'submitted')
    core.stories.setStatus(story.id, 'approved')
    const backup = await core.library.backupNow()
    setLocale(locale)
    const english = englishPhrases(locale)
    expect(english.length).toBeGreaterThan(50)
    const leftInEnglish = (wrapper: VueWrapper) => english.filter((phrase) => shown(wrapper).includes(phrase))

    const library = await mountApp('/library')
    await eventually(() => expect(library.wrapper.findAll('.backups li')).toHaveLength(1))
    const time = library.wrapper.find('[data-testid="backup-time"]').text()
    const local = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(backup.takenAt))
    expect(time).toBe(local)
    expect(time).not.toContain(backup.takenAt.slice(0, 10))
    expect(library.wrapper.find('[data-testid="backup-kept"]').text()).toMatch(keptUntil)
    expect(leftInEnglish(library.wrapper)).toEqual([])
    library.wrapper.unmount()

    const book = await mountApp('/book')
    await eventually(() => expect(book.wrapper.findAll('[data-testid="book-chapter"]')).toHaveLength(1))
    expect(leftInEnglish(book.wrapper)).toEqual([])
    book.wrapper.unmount()

    const values = await mountApp('/values')
    await eventually(() => expect(values.wrapper.findAll('[data-testid="value-card"]').length).toBeGreaterThan(0))
    expect(leftInEnglish(values.wrapper)).toEqual([])
  })
})
