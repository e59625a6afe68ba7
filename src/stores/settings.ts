import { chosenLocale, type AppSettings, type LanguageChoice, type ThemeChoice } from '@core/settings/app-settings'
import type { Locale } from '@core/error-text'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/culture'
import { setLocale } from '../i18n'
import { applyTheme } from '../theme'

/** The browser's (or, in the desktop app, the system's) language, which "Follow the system" speaks. */
export function systemLocale(): Locale {
  return chosenLocale('system', typeof navigator === 'undefined' ? [] : [navigator.language])
}

/**
 * The person's settings, kept by the core in the user-data folder (not localStorage: browser mode's
 * origin changes every run). Loading or changing the language switches every word the window shows;
 * the theme switches every colour.
 */
export const useSettingsStore = defineStore('settings', () => {
  const language = ref<LanguageChoice>('system')
  const theme = ref<ThemeChoice>('system')

  function apply(settings: AppSettings) {
    language.value = settings.language
    setLocale(settings.language === 'system' ? systemLocale() : settings.language)
    theme.value = settings.theme
    applyTheme(settings.theme)
  }

  return {
    language,
    theme,
    /** Reads the settings (at start, and when another window changed them); the system's language until then. */
    async load() {
      try {
        apply(await call('settings.get', {}))
      } catch (err) {
        // The system's language; the theme stays the one remembered from the last run.
        language.value = 'system'
        setLocale(systemLocale())
        throw err
      }
    },
    async chooseLanguage(choice: LanguageChoice) {
      apply(await call('settings.update', { language: choice }))
    },
    async chooseTheme(choice: ThemeChoice) {
      apply(await call('settings.update', { theme: choice }))
    },
  }
})
