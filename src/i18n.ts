import type { ErrorCode, ErrorInfo, ErrorParams, FieldIssue } from '@core/errors'
import { displayParams, errorText, issueText, type Translate } from '@core/error-text'
import { kindOf } from '@core/errors'
import { createI18n } from 'vue-i18n'
import en from '../resources/locales/en.json'

/**
 * The windows' message catalogue: the same resources/locales/en.json the core writes its English
 * from. Danish and Swedish join it as da.json and sv.json.
 */
export const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en } })

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

/** One field's problem, for the message next to it. */
export function fieldMessage(issue: FieldIssue): string {
  return issueText(issue, translate)
}

/** A failure the window meets on its own (browser mode unreachable), in the same shape as the core's. */
export function clientError(code: ErrorCode, params: ErrorParams = {}): ErrorInfo {
  const info = { kind: kindOf(code), code, params, issues: [] }
  return { ...info, message: errorText(info, translate) }
}
