import { noteText, type BookNote } from '@core/book/book-notes'
import type { ErrorCode, ErrorInfo, ErrorParams, FieldIssue } from '@core/errors'
import { CATALOGUES, displayParams, errorText, issueText, LOCALES, type Locale, type Translate } from '@core/error-text'
import type { Catalogue } from '@core/message-format'
import { kindOf } from '@core/errors'
import { createI18n } from 'vue-i18n'

/**
 * The windows' own words live in resources/locales/ui/<area>.<locale>.json, one file per area of the
 * app and language, each holding one top-level section named for its area; they are merged over the
 * core's catalogues (errors, fields) that the core formats from too.
 */
const UI_FILES = import.meta.glob<Catalogue>('../resources/locales/ui/*.json', { eager: true, import: 'default' })

export function windowCatalogues(): Record<Locale, Catalogue> {
  const merged = Object.fromEntries(LOCALES.map((l) => [l, { ...CATALOGUES[l] }])) as Record<Locale, Catalogue>
  for (const [path, sections] of Object.entries(UI_FILES)) {
    const locale = /\.(\w+)\.json$/.exec(path)?.[1] as Locale | undefined
    if (locale && locale in merged) Object.assign(merged[locale], sections)
  }
  return merged
}

/**
 * The windows' message catalogues: the same resources/locales/{en,da,sv}.json the core formats
 * from. English until the person chooses a language (the settings place sets it with setLocale).
 */
export const i18n = createI18n({ legacy: false, locale: 'en' as Locale, fallbackLocale: 'en', messages: windowCatalogues() })

/** The catalogue for a BCP 47 tag ("da-DK" → da): the same reading the desktop menu makes of the system's language. */
export { supportedLocale } from '@core/settings/app-settings'

/** Switch every message the windows show, and the document's language, to `locale`. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

const translate: Translate = (key, params = {}, count) => {
  const shown = displayParams(params, i18n.global.locale.value)
  return count === undefined ? i18n.global.t(key, shown) : i18n.global.t(key, shown, count)
}

/** An error as data: one a call or a job returned, or one the window itself ran into. */
function isErrorInfo(value: unknown): value is ErrorInfo {
  return typeof value === 'object' && value !== null && 'code' in value && 'params' in value && 'issues' in value
}

/** What to tell a person about a failure: the catalogue's sentence for its code, in the current language. */
export function errorMessage(err: unknown): string {
  const info = isErrorInfo(err) ? err : isErrorInfo((err as { info?: unknown } | null)?.info) ? (err as { info: ErrorInfo }).info : null
  if (info) return errorText(info, translate)
  return err instanceof Error ? err.message : String(err)
}

/** Something a book export left out, in the current language. */
export function bookNoteMessage(note: BookNote): string {
  return noteText(note, translate)
}

/** One field's problem, for the message next to it. */
export function fieldMessage(issue: FieldIssue): string {
  return issueText(issue, translate)
}

/** A failure the window meets on its own (browser mode unreachable), in the same shape as the core's. */
export function clientError(code: ErrorCode, params: ErrorParams = {}): ErrorInfo {
  const info = { kind: kindOf(code), code, params, issues: [] }
  return { ...info, message: errorText(info, translate) }
}
