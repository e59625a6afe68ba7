import { formatDate as formatDay, localDate } from '@core/format-date'
import { i18n } from './i18n'

/**
 * Dates, times and numbers as the window's language writes them, in the user's own time zone.
 * Each reads the current locale, so a template that calls them follows a change of language.
 */
const locale = () => i18n.global.locale.value as string
/** English dates are written the British way ("14 March 2025"), as the book writes them. */
const dateLocale = () => (locale() === 'en' ? 'en-GB' : locale())

/** A calendar day (`2025-03-14`), never shifted by a time zone: "14 March 2025", "14. marts 2025". */
export function formatDate(isoDay: string): string {
  return formatDay(isoDay, dateLocale())
}

/** An instant (a backup, a saved version) in local time: "29 Nov 2026, 23:05". */
export function formatDateTime(isoInstant: string): string {
  return new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(isoInstant))
}

/** One formatter per language: making one costs more than formatting (a search page formats counts on every keystroke). */
const numberFormats = new Map<string, Intl.NumberFormat>()

export function formatNumber(n: number): string {
  const language = locale()
  let format = numberFormats.get(language)
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language)))
  return format.format(n)
}

/** A file's size in kB, or MB with one decimal from a megabyte up: "840 kB", "1,2 MB" in Danish. */
export function formatBytes(bytes: number): string {
  const mb = bytes > 1e6
  return new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? bytes / 1e6 : Math.ceil(bytes / 1e3))
}

/** Sorts and compares names as the language does: å, ä, ö after z in Swedish; æ, ø, å in Danish. */
export function collator(): Intl.Collator {
  return new Intl.Collator(locale(), { sensitivity: 'base', numeric: true })
}

/** The calendar day an instant falls on in the user's time zone, as `2025-03-14`. */
export const localDay = (isoInstant: string | Date): string => localDate(new Date(isoInstant))

export const today = (): string => localDate()
