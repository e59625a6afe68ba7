import { STORY_LANGUAGES } from '@core/stories/story'
import type { CoreValue } from '@core/values/core-value'
import type { ValueLanguage } from '@core/values/value-texts'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { call } from '../api/culture'
import { i18n } from '../i18n'
import { useNoticesStore } from './notices'

type ValueFields = Pick<CoreValue, 'name' | 'description' | 'color'>

/** The window's language, as a language values have texts in ('da-DK' reads as 'da'); undefined for any other. */
function windowLanguage(): ValueLanguage | undefined {
  const language = String(i18n.global.locale.value).slice(0, 2)
  return STORY_LANGUAGES.find((l) => l === language)
}

/**
 * Mirrors the library's core values, named in the window's language where they have a text in it (the
 * library's main language otherwise); refreshed whenever the core announces a change or the language changes.
 */
export const useValuesStore = defineStore('values', () => {
  const values = ref<CoreValue[]>([])
  const loaded = ref(false)
  const byId = computed(() => new Map(values.value.map((v) => [v.id, v])))

  async function load() {
    values.value = await call('values.list', { language: windowLanguage() })
    loaded.value = true
  }
  watch(
    () => i18n.global.locale.value,
    () => {
      // Nobody awaits this reload: a failure is told as a notice rather than left unhandled.
      if (loaded.value) void load().catch((err) => useNoticesStore().error(err))
    },
  )

  return {
    values,
    loaded,
    byId,
    load,
    create: (fields: ValueFields) => call('values.create', fields),
    /** Sets the colour, and the name and description in `language` (the library's main language unless given). */
    update: (id: string, fields: ValueFields, language?: ValueLanguage) => call('values.update', { id, fields, language }),
    reorder: async (ids: string[]) => {
      await call('values.reorder', { ids })
      // Reloaded rather than taken from the answer, which names the values in the main language.
      await load()
    },
    /** With `moveTo`, the value's stories are tagged with that value instead, in the same transaction. */
    remove: (id: string, moveTo?: string) => call('values.delete', { id, moveTo }),
    /** Puts a deleted value back with its texts, place and the stories' exact tags (the token `remove` answered). */
    undoRemove: (token: string) => call('values.undoDelete', { token }),
  }
})
