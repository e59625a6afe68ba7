import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The result row the arrow keys reached in the open results page, as an element id: the shell's
 * SearchBox names it in aria-activedescendant, so the field's attributes stay the field's own.
 */
export const useSearchCursorStore = defineStore('searchCursor', () => {
  const activeRowId = ref<string | null>(null)
  return { activeRowId }
})
