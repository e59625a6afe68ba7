import da from '../../resources/locales/da.json'
import en from '../../resources/locales/en.json'
import sv from '../../resources/locales/sv.json'
import type { ErrorCode, ErrorParams, FieldIssue } from './errors'
import { formatMessage, lookup, type Catalogue } from './message-format'

/** The languages the app speaks. Logs and the command line stay English. */
export const LOCALES = ['en', 'da', 'sv'] as const
export type Locale = (typeof LOCALES)[number]

/** Each language's catalogue: the windows hand them to vue-i18n, the core formats from them. */
export const CATALOGUES: Record<Locale, Catalogue> = { en, da, sv }

/**
 * A catalogue lookup: the core's English formatter, or vue-i18n's `t` in the windows. Plural forms
 * are chosen by `count`.
 */
export type Translate = (key: string, params?: Record<string, string | number>, count?: number) => string

/** What is needed to say what went wrong: an error as it crosses a transport, or a CultureError. */
export interface ErrorTextInput {
  code: ErrorCode
  params: ErrorParams
  issues: readonly FieldIssue[]
  ref?: string
}

/**
 * Parameters as a person reads them in `locale`: counts and limits with the locale's grouping
 * (400,000 / 400.000 / 400 000). Strings are shown as they are, so a year or an id goes as a string.
 */
export function displayParams(params: ErrorParams, locale: string): Record<string, string | number> {
  const shown: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(params)) shown[key] = typeof value === 'number' ? value.toLocaleString(locale) : value
  return shown
}

function codeText(code: ErrorCode, params: ErrorParams, t: Translate): string {
  return t(`errors.${code}`, params, typeof params.count === 'number' ? params.count : undefined)
}

/** One field's problem, as shown next to the field (which already carries its label). */
export function issueText(issue: Pick<FieldIssue, 'code' | 'params'>, t: Translate): string {
  return codeText(issue.code, issue.params, t)
}

/**
 * The sentence for an error: its code's text, or for invalid input the first problem with its
 * field's label and how many more there are; an unexpected failure adds the reference id that
 * finds its entry in the log. A code whose sentence has a `{problem}` (a pack story that cannot
 * be imported, and why) takes it from its first issue.
 */
export function errorText(error: ErrorTextInput, t: Translate): string {
  const [first] = error.issues
  let text = codeText(error.code, first ? { ...error.params, problem: issueText(first, t) } : error.params, t)
  if (error.code === 'input.invalid' && first) {
    const problem = issueText(first, t)
    text = first.field ? t('errorFormat.fieldProblem', { field: t(`fields.${first.field}`), problem }) : problem
    const more = error.issues.length - 1
    if (more > 0) text = t('errorFormat.moreProblems', { text, count: more }, more)
  }
  return error.ref ? t('errorFormat.withReference', { text, ref: error.ref }) : text
}

/** The core's formatter for a language; an entry a translation lacks is read in English, as vue-i18n falls back. */
export function translator(locale: Locale = 'en'): Translate {
  return (key, params = {}, count) => {
    const own = lookup(CATALOGUES[locale], key)
    return formatMessage(own === key ? lookup(CATALOGUES.en, key) : own, displayParams(params, locale), count)
  }
}

/** An error's sentence in a language: English unless the caller (a server answering a window) asks for another. */
export function formatError(error: ErrorTextInput, locale: Locale = 'en'): string {
  return errorText(error, translator(locale))
}
