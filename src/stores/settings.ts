import { chosenLocale, type LanguageChoice } from '@core/settings/app-settings'
import type { Locale } from '@core/error-text'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/culture'
import { setLocale } from '../i18n'

/** The browser's (or, in the desktop app, the system's) language, which "Follow the system" speaks. */
export function systemLocale(): Locale {
  return chosenLocale('system', typeof navigator === 'undefined' ? [] : [navigator.language])
}

/**
 * The person's settings, kept by the core in the user-data folder (not localStorage: browser mode's
 * origin changes every run). Loading or changing the language switches every word the window shows.
 */
export const useSettingsStore = defineStore('settings', () => {
  const language = ref<LanguageChoice>('system')

  function apply(choice: LanguageChoice) {
    language.value = choice
    setLocale(choice === 'system' ? systemLocale() : choice)
  }

  return {
    language,
    /** Reads the settings (at start, and when another window changed them); the system's language until then. */
    async load() {
      try {
        apply((await call('settings.get', {})).language)
      } catch (err) {
        apply('system')
        throw err
      }
    },
    async chooseLanguage(choice: LanguageChoice) {
      apply((await call('settings.update', { language: choice })).language)
    },
  }
})
