import { createI18n } from 'vue-i18n'
import { describe, expect, it } from 'vitest'
import { CATALOGUES, displayParams, formatError, LOCALES, translator, type Locale } from '../../electron/core/error-text'
import { english, isErrorCode, type ErrorCode } from '../../electron/core/errors'
import { lookup, pluralForms } from '../../electron/core/message-format'
import { contractMessages, leaves, raisedCodes } from './raised-codes'

const TRANSLATIONS = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en')
const englishEntries = new Map(leaves(CATALOGUES.en))

/** The placeholder names of one message form, sorted: `{max}`, `{count}` … (literals such as `{'@'}` are not names). */
const names = (form: string) => [...new Set([...form.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1]))].sort()

/** Sample parameters for a message: every placeholder given the same number. */
function sample(text: string, n: number): Record<string, number> {
  return Object.fromEntries(names(text).map((name) => [name, n]))
}

describe.each(TRANSLATIONS)('the %s catalogue', (locale) => {
  const entries = leaves(CATALOGUES[locale])

  it('has exactly the English keys', () => {
    const keys = new Set(entries.map(([key]) => key))
    expect({
      missing: [...englishEntries.keys()].filter((k) => !keys.has(k)),
      unknown: [...keys].filter((k) => !englishEntries.has(k)),
    }).toEqual({
      missing: [],
      unknown: [],
    })
  })

  it('keeps every placeholder of each plural form, adds none, and has as many plural forms', () => {
    for (const [key, text] of entries) {
      const original = englishEntries.get(key)
      if (original === undefined) continue // reported by the key comparison
      const theirs = pluralForms(text)
      const ours = pluralForms(original)
      expect(theirs.length, `${locale} ${key}: plural forms`).toBe(ours.length)
      theirs.forEach((form, i) => expect(names(form), `${locale} ${key} (form ${i + 1})`).toEqual(names(ours[i] ?? '')))
    }
  })

  it('is translated: no sentence is left in English', () => {
    // A label such as "Team" or "Status" may read the same; a sentence of several words may not.
    const untranslated = entries.filter(([key, text]) => text.split(' ').length > 2 && text === englishEntries.get(key)).map(([key]) => key)
    expect(untranslated).toEqual([])
  })

  it('has a message for every code the core raises and every message its contract refuses with', () => {
    const codes = [...new Set([...raisedCodes(), ...contractMessages()])]
    expect(codes.length).toBeGreaterThan(150)
    for (const code of codes) {
      expect(isErrorCode(code), code).toBe(true)
      expect(lookup(CATALOGUES[locale], `errors.${code}`), `${locale}: ${code}`).not.toBe(`errors.${code}`)
    }
  })

  it('renders every entry the same in the core’s formatter and in vue-i18n, for counts 0, 1 and 2', () => {
    const t = createI18n({
      legacy: false,
      locale,
      fallbackLocale: false,
      messages: { [locale]: CATALOGUES[locale] },
      missingWarn: false,
      fallbackWarn: false,
      warnHtmlMessage: false,
      missing: (_locale, key) => {
        throw new Error(`vue-i18n has no ${key}`)
      },
    }).global.t
    const core = translator(locale)
    for (const [key, text] of entries) {
      for (const n of [0, 1, 2]) {
        const params = sample(text, n)
        const shown = displayParams(params, locale)
        const ours = core(key, params, n)
        expect(ours, `${locale} ${key} (${n})`).toBe(t(key, shown, n))
        expect(ours, `${locale} ${key} (${n})`).not.toMatch(/\{\s*\w+\s*\}/)
      }
    }
  })

  it('words an error in its language through formatError, field label and remaining count included', () => {
    const refusal = {
      code: 'input.invalid' as ErrorCode,
      params: {},
      issues: [
        { path: 'fields.title', field: 'story.title', code: 'story.titleMissing' as ErrorCode, params: {}, message: '' },
        { path: 'fields.author', field: 'story.author', code: 'story.authorMissing' as ErrorCode, params: {}, message: '' },
      ],
    }
    const expected = {
      da: 'Titel: Giv fortællingen en titel. (og 1 problem mere)',
      sv: 'Titel: Ge berättelsen en titel. (och 1 problem till)',
    }
    expect(formatError(refusal, locale)).toBe(expected[locale])
    // Counts read with the language's digit grouping.
    expect(formatError({ code: 'story.bodyTooLong', params: { length: 400_001, max: 400_000 }, issues: [] }, locale)).toMatch(
      /400[.\u00a0 ]001/,
    )
  })
})

describe('formatError', () => {
  it('is English by default, word for word what the core puts in err.message', () => {
    const error = { code: 'value.inUse' as ErrorCode, params: { name: 'Mod', count: 2 }, issues: [] }
    expect(formatError(error)).toBe('"Mod" cannot be deleted: 2 stories use it. Move those stories to other values first.')
    expect(formatError(error)).toBe(english('errors.value.inUse', error.params, 2))
  })

  it('chooses the plural form by count in Danish and Swedish', () => {
    const one = { code: 'scenario.inUse' as ErrorCode, params: { title: 'Kaffe', count: 1 }, issues: [] }
    const two = { ...one, params: { title: 'Kaffe', count: 2 } }
    expect(formatError(one, 'da')).toContain('er spillet én gang')
    expect(formatError(two, 'da')).toContain('er spillet 2 gange')
    expect(formatError(one, 'sv')).toContain('har spelats en gång')
    expect(formatError(two, 'sv')).toContain('har spelats 2 gånger')
  })
})
