import { defineStore } from 'pinia'
import { ref } from 'vue'
import { errorMessage } from '../i18n'

export interface Notice {
  id: number
  kind: 'info' | 'error'
  text: string
}

/** Short-lived messages in the corner: what just happened, or why it could not. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([])
  let next = 1

  function push(kind: Notice['kind'], text: string) {
    const id = next++
    notices.value.push({ id, kind, text })
    setTimeout(() => dismiss(id), kind === 'error' ? 9000 : 3500)
  }
  function dismiss(id: number) {
    notices.value = notices.value.filter((n) => n.id !== id)
  }
  /** Runs a user action: says what happened when it worked, and why not when it did not. */
  async function attempt<T>(action: () => Promise<T>, done: string | ((result: T) => string)): Promise<T | undefined> {
    try {
      const result = await action()
      push('info', typeof done === 'string' ? done : done(result))
      return result
    } catch (err) {
      push('error', errorMessage(err))
      return undefined
    }
  }

  return {
    notices,
    dismiss,
    attempt,
    info: (text: string) => push('info', text),
    /** A failure (an ApiError, a job's error, a sentence) in the catalogue's words. */
    error: (err: unknown) => push('error', errorMessage(err)),
  }
})
