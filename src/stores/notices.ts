import { defineStore } from 'pinia'
import { ref } from 'vue'
import { errorMessage } from '../i18n'

export interface Notice {
  id: number
  kind: 'info' | 'error'
  text: string
  /** Puts back what the action did; the notice offers it as an Undo button while it shows. */
  undo?: () => Promise<unknown>
}

export interface NoticeOptions {
  undo?: () => Promise<unknown>
}

/** How long a notice stays: long enough to read it and reach Undo, short enough not to pile up. */
export const NOTICE_MS = { info: 3500, undo: 8000, error: 9000 } as const
/** At most this many notices at once: older ones give way instead of stacking over the page. */
const MAX_SHOWN = 3

/** Short-lived messages in the corner: what just happened (with an Undo when it can be undone), or why it could not. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([])
  let next = 1

  function push(kind: Notice['kind'], text: string, options: NoticeOptions = {}) {
    const id = next++
    // The same sentence again (a repeated failure) replaces the one shown rather than stacking.
    notices.value = notices.value.filter((n) => n.text !== text).slice(-(MAX_SHOWN - 1))
    notices.value.push({ id, kind, text, undo: options.undo })
    setTimeout(() => dismiss(id), kind === 'error' ? NOTICE_MS.error : options.undo ? NOTICE_MS.undo : NOTICE_MS.info)
  }
  function dismiss(id: number) {
    notices.value = notices.value.filter((n) => n.id !== id)
  }
  /** Runs a notice's Undo once; its own failure becomes an error notice. */
  async function undo(id: number) {
    const notice = notices.value.find((n) => n.id === id)
    if (!notice?.undo) return
    dismiss(id)
    try {
      await notice.undo()
    } catch (err) {
      push('error', errorMessage(err))
    }
  }
  /**
   * Runs a user action: says what happened when it worked (offering `undo` when given one), and why
   * not when it did not.
   */
  async function attempt<T>(
    action: () => Promise<T>,
    done: string | ((result: T) => string),
    options: { undo?: (result: T) => Promise<unknown> } = {},
  ): Promise<T | undefined> {
    try {
      const result = await action()
      const undoIt = options.undo
      push('info', typeof done === 'string' ? done : done(result), { undo: undoIt && (() => undoIt(result)) })
      return result
    } catch (err) {
      push('error', errorMessage(err))
      return undefined
    }
  }

  return {
    notices,
    dismiss,
    undo,
    attempt,
    info: (text: string, options?: NoticeOptions) => push('info', text, options),
    /** A failure (an ApiError, a job's error, a sentence) in the catalogue's words. */
    error: (err: unknown) => push('error', errorMessage(err)),
  }
})
