import { z } from 'zod'
import { LOCALES, type Locale } from '../error-text'

/** 'system' follows the operating system's (or the browser's) language; the others pin one. */
export const LANGUAGE_CHOICES = ['system', ...LOCALES] as const
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number]

/** 'system' follows the operating system's (or the browser's) light or dark appearance, live; the others pin one. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]

/** The person's choices for the app, kept apart from any library (they hold whichever library is open). */
export const appSettings = z.object({
  language: z.enum(LANGUAGE_CHOICES).default('system'),
  theme: z.enum(THEME_CHOICES).default('system'),
})
export type AppSettings = z.output<typeof appSettings>

/** What settings.update takes: only the choices given change. */
export const settingsPatch = z.object({ language: z.enum(LANGUAGE_CHOICES).optional(), theme: z.enum(THEME_CHOICES).optional() }).strict()
export type SettingsPatch = z.output<typeof settingsPatch>

/** The choices a patch makes: an option left out keeps what was chosen. */
export function definedOnly(patch: SettingsPatch): Partial<AppSettings> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
}

/** The catalogue for a BCP 47 tag such as navigator.language ("da-DK" → da), or null when there is none. */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0]
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : null
}

/**
 * The language to speak for a choice: the pinned one, or the first of the system's preferred
 * languages the app has a catalogue for, else English.
 */
export function chosenLocale(choice: LanguageChoice, systemTags: readonly string[]): Locale {
  if (choice !== 'system') return choice
  for (const tag of systemTags) {
    const locale = supportedLocale(tag)
    if (locale) return locale
  }
  return 'en'
}
