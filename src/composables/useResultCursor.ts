import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { useSearchCursorStore } from '../stores/search-cursor'

/**
 * A keyboard cursor over a list of results, driven from the shell's search field as a desktop app's
 * search list is: the field keeps the focus (so typing goes on) and names the active row through
 * aria-activedescendant (SearchBox sets it from the search-cursor store). ArrowDown/ArrowUp move and stop at the ends, Enter opens the active row, Escape
 * lets go of it (and only then keeps the field's text). The cursor follows a row by its id, so more
 * results or a refresh keep it; a row that is gone lets go.
 */
export function useResultCursor(options: {
  ids: () => string[]
  /** The element id of a row, for aria-activedescendant. */
  rowId: (id: string) => string
  open: (id: string) => void
}) {
  const active = ref<string | null>(null)
  const index = computed(() => (active.value === null ? -1 : options.ids().indexOf(active.value)))
  const shared = useSearchCursorStore()

  watch([active, index], ([, i]) => {
    if (i < 0) active.value = null
    shared.activeRowId = active.value === null ? null : options.rowId(active.value)
  })

  function onKey(event: KeyboardEvent) {
    const target = event.target
    if (!(target instanceof HTMLInputElement) || target.type !== 'search') return
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const ids = options.ids()
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!ids.length) return
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      const next = index.value < 0 ? (step > 0 ? 0 : ids.length - 1) : index.value + step
      active.value = ids[Math.min(Math.max(next, 0), ids.length - 1)]
    } else if (event.key === 'Enter' && active.value !== null) {
      event.preventDefault()
      options.open(active.value)
    } else if (event.key === 'Escape' && active.value !== null) {
      // Only lets go of the row; a second Escape clears the field as usual.
      event.preventDefault()
      active.value = null
    }
  }

  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey)
    shared.activeRowId = null
  })
  return { active }
}
