import { defineStore } from 'pinia'
import { ref } from 'vue'
import { messageOf } from '../api/culture'

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
  return {
    notices,
    dismiss,
    info: (text: string) => push('info', text),
    error: (err: unknown) => push('error', messageOf(err)),
  }
})
