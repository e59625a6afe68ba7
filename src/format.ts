import { formatDate as formatDay } from '@core/format-date'
import { i18n } from './i18n'

/**
 * Dates, times and numbers as the window's language writes them, in the user's own time zone.
 * Each reads the current locale, so a template that calls them follows a change of language.
 */
const locale = () => i18n.global.locale.value as string

/** A calendar day (`2025-03-14`), never shifted by a time zone: "14 March 2025", "14. marts 2025". */
export function formatDate(isoDay: string): string {
  return formatDay(isoDay, locale() === 'en' ? 'en-GB' : locale())
}

/** An instant (a backup, a saved version) in local time: "29 Nov 2026, 23:05". */
export function formatDateTime(isoInstant: string): string {
  return new Intl.DateTimeFormat(locale() === 'en' ? 'en-GB' : locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(isoInstant),
  )
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n)
}

/** Sorts and compares names as the language does: å, ä, ö after z in Swedish; æ, ø, å in Danish. */
export function collator(): Intl.Collator {
  return new Intl.Collator(locale(), { sensitivity: 'base', numeric: true })
}

export function today(): string {
  const now = new Date()
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 10)
}

export const LANGUAGE_NAMES = { en: 'English', da: 'Dansk', sv: 'Svenska' } as const
