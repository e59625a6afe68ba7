import type { ApiErrorInfo } from '@core/api'
import { computed, nextTick, reactive, ref } from 'vue'
import { errorMessage } from '../../i18n'

/** One input of an auth form (AuthForm draws it with its label and error). */
export interface AuthFieldSpec<F extends string = string> {
  name: F
  label: string
  type?: 'email' | 'password'
  autocomplete: string
}

/** What AuthForm exposes: focus on a field, or on the form's own error without one. */
export interface FormHandle {
  focus(field?: string): void
}

/**
 * The error state the sign-in and invitation forms share: a message under each field that has one,
 * or one for the whole form (a wrong password, a locked account), and focus on the first of them so
 * keyboard and screen-reader users land where the problem is.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const fieldErrors = reactive({}) as Partial<Record<F, string>>
  const formError = ref('')
  const busy = ref(false)
  let form: FormHandle | null = null
  /** AuthForm's function ref. */
  const setForm = (handle: unknown) => {
    form = handle as FormHandle | null
  }

  function clear() {
    for (const field of fields) delete fieldErrors[field]
    formError.value = ''
  }

  async function focusFirst() {
    await nextTick()
    form?.focus(fields.find((field) => fieldErrors[field]))
  }

  /** Shows what is missing; true when nothing is. */
  function required(values: Record<F, string>, messages: Partial<Record<F, string>>): boolean {
    clear()
    for (const field of fields) if (messages[field] && !values[field].trim()) fieldErrors[field] = messages[field]
    const complete = !fields.some((field) => fieldErrors[field])
    if (!complete) void focusFirst()
    return complete
  }

  /** The server's refusal, under the field it names (`fieldOf`) or for the whole form. */
  function refused(error: ApiErrorInfo, fieldOf: (code: string) => F | null = () => null) {
    const field = fieldOf(error.code)
    if (!field) return say(errorMessage(error))
    clear()
    fieldErrors[field] = errorMessage(error)
    void focusFirst()
  }

  /** A message of the page's own for the whole form (single sign-on's refusals), focused like a server's. */
  function say(message: string) {
    clear()
    formError.value = message
    void focusFirst()
  }

  /** Runs a submission once at a time, the button showing it is busy meanwhile. */
  async function submitting(action: () => Promise<void>) {
    if (busy.value) return
    busy.value = true
    try {
      await action()
    } finally {
      busy.value = false
    }
  }

  /** AuthForm's props that come from here. */
  const bound = computed(() => ({ errors: { ...fieldErrors }, error: formError.value, busy: busy.value }))

  return { bound, setForm, required, refused, say, submitting }
}
