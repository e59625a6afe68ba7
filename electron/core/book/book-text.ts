import da from '../../../resources/locales/book.da.json'
import en from '../../../resources/locales/book.en.json'
import sv from '../../../resources/locales/book.sv.json'
import { formatDate } from '../format-date'
import { formatMessage } from '../message-format'
import type { BookLanguage } from './edition'

export type { BookLanguage } from './edition'

type Entries = typeof en
/** Dotted keys of the book catalogue: `book.contents`, `certificate.heading`, … */
type Key<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Key<T[K]>}` }[keyof T & string]
export type BookTextKey = Key<Entries>

// Typed as the English one: a translation that misses an entry does not compile (and a test compares placeholders).
const CATALOGUES: Record<BookLanguage, Entries> = { en, da, sv }

/** The Intl locale each language prints in; English dates read "14 June 2025", as the book always has. */
const INTL_LOCALES: Record<BookLanguage, string> = { en: 'en-GB', da: 'da-DK', sv: 'sv-SE' }

export interface BookText {
  language: BookLanguage
  locale: string
  /** A fixed text; with `count`, the plural form for it, and `{count}` written as a number of the locale. */
  t(key: BookTextKey, params?: Record<string, string | number>, count?: number): string
  number(n: number): string
  percent(fraction: number): string
  /** A calendar day `2025-06-14` as "14 June 2025", "14. juni 2025", "14 juni 2025". */
  date(iso: string): string
  /** Alphabetical order of the language: å, ä, ö last in Swedish; æ, ø, å (and aa) last in Danish. */
  compare(a: string, b: string): number
}

export function bookText(language: BookLanguage): BookText {
  const locale = INTL_LOCALES[language] ?? INTL_LOCALES.en
  const catalogue = CATALOGUES[language] ?? CATALOGUES.en
  const numbers = new Intl.NumberFormat(locale)
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })
  const collator = new Intl.Collator(locale)
  const number = (n: number) => numbers.format(n)
  // formatDate builds a formatter per call; a book has thousands of stories but at most 366 days a year.
  const dates = new Map<string, string>()
  return {
    language,
    locale,
    t(key, params = {}, count) {
      let entry: unknown = catalogue
      for (const part of key.split('.')) entry = (entry as Record<string, unknown>)[part]
      const shown = count === undefined ? params : { count: number(count), ...params }
      return formatMessage(entry as string, shown, count)
    },
    number,
    percent: (fraction) => percents.format(fraction),
    date: (iso) => {
      let shown = dates.get(iso)
      if (shown === undefined) dates.set(iso, (shown = formatDate(iso, locale)))
      return shown
    },
    compare: collator.compare,
  }
}
