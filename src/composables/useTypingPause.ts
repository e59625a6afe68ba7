import { onBeforeUnmount } from 'vue'

/** Keystrokes closer together than this are one burst of typing. */
const QUIET_MS = 80

/**
 * Searching as the user types: the first keystroke after a pause runs `run` at once; keystrokes that
 * follow within QUIET_MS wait until the typing pauses, so a burst asks once for its last text rather
 * than once per letter. `typed()` on every change; the wait is dropped when the component goes.
 */
export function useTypingPause(run: () => void) {
  let lastTyped = -Infinity
  let waiting: ReturnType<typeof setTimeout> | undefined
  const cancel = () => clearTimeout(waiting)
  onBeforeUnmount(cancel)
  return {
    typed() {
      const now = performance.now()
      const paused = now - lastTyped >= QUIET_MS
      lastTyped = now
      cancel()
      if (paused) run()
      else waiting = setTimeout(run, QUIET_MS)
    },
    cancel,
  }
}
