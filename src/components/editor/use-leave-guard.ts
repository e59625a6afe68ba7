import { onBeforeUnmount, ref } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'

/**
 * Asks before an editor with unsaved changes is left: by route, with the app's own dialog
 * (`asking`, answered by keepEditing or leave); by closing or reloading the window, with the
 * browser's beforeunload question. Either way the draft stays in the library.
 */
export function useLeaveGuard(dirty: () => boolean) {
  const asking = ref(false)
  let answer: ((leave: boolean) => void) | null = null

  onBeforeRouteLeave(() => {
    if (!dirty()) return true
    answer?.(false)
    asking.value = true
    return new Promise<boolean>((resolve) => (answer = resolve))
  })

  function settle(leave: boolean) {
    asking.value = false
    answer?.(leave)
    answer = null
  }

  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (!dirty()) return
    event.preventDefault()
    // Older browsers ask only when returnValue is set.
    event.returnValue = ''
  }
  window.addEventListener('beforeunload', beforeUnload)
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload))

  return { asking, keepEditing: () => settle(false), leave: () => settle(true) }
}
