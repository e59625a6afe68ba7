import type { Draft, DraftKey } from '@core/drafts/draft'
import { onBeforeUnmount, ref, watch } from 'vue'
import { call } from '../../api/culture'
import { useNoticesStore } from '../../stores/notices'

/** Typing pauses this long before what was typed is saved as a draft. */
const DRAFT_DELAY_MS = 800

export interface DraftOptions<T> {
  /** What is edited; null until the editor knows (while the story loads). */
  key: () => DraftKey | null
  /** The form as it stands: saved as the draft. */
  content: () => T
  /** Whether the form differs from the saved version: only then is there a draft to keep. */
  dirty: () => boolean
  /** The `updatedAt` of the saved version the editor started from. */
  baseUpdatedAt: () => string | null
}

/**
 * Saves an editor's form as a draft in the library while someone types (DRAFT_DELAY_MS after the
 * last change, and at once when the window is hidden, closed or the editor left), so closing the
 * window or a crash loses nothing. `check` offers a draft newer than the saved version.
 */
export function useDraft<T extends object>(options: DraftOptions<T>) {
  const notices = useNoticesStore()
  /**
   * A draft found on opening, newer than what is saved. Restoring takes it from here, so typing
   * meanwhile is saved as usual: what was typed last is never the part that is lost.
   */
  const offer = ref<Draft | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let failed = false

  async function save(): Promise<void> {
    const key = options.key()
    if (!key || !options.dirty()) return
    try {
      await call('drafts.save', { ...key, content: JSON.parse(JSON.stringify(options.content())), baseUpdatedAt: options.baseUpdatedAt() })
      failed = false
    } catch (err) {
      // Said once, not at every pause in typing; the next good save clears it.
      if (!failed) notices.error(err)
      failed = true
    }
  }

  function cancel(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  /** Saves what is pending now, rather than after the pause. */
  function flush(): Promise<void> {
    if (!timer) return Promise.resolve()
    cancel()
    return save()
  }

  watch(
    options.content,
    () => {
      cancel()
      if (options.dirty()) timer = setTimeout(() => void flush(), DRAFT_DELAY_MS)
    },
    { deep: true },
  )

  /** Looks for a draft newer than the saved version (`savedAt` of that version; null for a new one). */
  async function check(savedUpdatedAt: string | null): Promise<void> {
    const key = options.key()
    if (!key) return
    try {
      const draft = await call('drafts.get', key)
      offer.value = draft && (savedUpdatedAt === null || draft.savedAt > savedUpdatedAt) ? draft : null
    } catch (err) {
      notices.error(err)
    }
  }

  /** The offered draft's content, once: the editor puts it into its form; saving resumes from there. */
  function restore(): T | null {
    const content = offer.value?.content as T | undefined
    offer.value = null
    return content ?? null
  }

  /** Drops the offered draft; what was typed since it was offered becomes the draft instead. */
  async function discard(): Promise<void> {
    const key = options.key()
    offer.value = null
    cancel()
    if (!key) return
    if (options.dirty()) return save()
    try {
      await call('drafts.discard', key)
    } catch (err) {
      notices.error(err)
    }
  }

  const onHidden = () => {
    if (document.visibilityState === 'hidden') void flush()
  }
  const onUnload = () => void flush()
  window.addEventListener('beforeunload', onUnload)
  document.addEventListener('visibilitychange', onHidden)
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', onUnload)
    document.removeEventListener('visibilitychange', onHidden)
    // Leaving the editor keeps what was typed: the draft is there when it opens again.
    void flush()
  })

  return { offer, check, restore, discard, flush, cancel }
}
