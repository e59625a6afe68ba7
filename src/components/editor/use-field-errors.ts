import type { FieldIssue } from '@core/errors'
import { nextTick, ref } from 'vue'
import { ApiError, errorsByField } from '../../api/culture'

export interface FieldErrorOptions {
  /** The form's problems as the window can tell them (the contract's own schema), without asking the core. */
  check: () => FieldIssue[]
  /** The value a field path names (`title`, `steps.0.situation`), to tell whether it changed. */
  valueAt: (path: string) => unknown
  /** Where the fields are: after a refused save, focus goes to the first one marked invalid. */
  root: () => HTMLElement | null
}

/**
 * The core's refusal as messages beside their fields (FormField links them with aria-describedby),
 * each cleared as soon as its field is fixed: a changed field keeps a message only while the
 * window's own check still finds it wrong, and then says what is wrong now.
 */
export function useFieldErrors(options: FieldErrorOptions) {
  const errors = ref<Record<string, string>>({})
  /** Each refused field's value as it was sent. */
  let refused: Record<string, string> = {}
  const valueOf = (path: string) => JSON.stringify(options.valueAt(path)) ?? ''

  /** Shows a failed save's field problems and focuses the first; false when it named none. */
  function show(err: unknown): boolean {
    errors.value = err instanceof ApiError ? err.fieldErrors() : {}
    refused = Object.fromEntries(Object.keys(errors.value).map((path) => [path, valueOf(path)]))
    if (!Object.keys(errors.value).length) return false
    void nextTick(() => options.root()?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
    return true
  }

  function clear(): void {
    errors.value = {}
    refused = {}
  }

  /** After any change to the form. */
  function recheck(): void {
    const shown = Object.entries(errors.value)
    if (!shown.length) return
    const now = errorsByField(options.check())
    const next: Record<string, string> = {}
    for (const [path, message] of shown) {
      if (valueOf(path) === refused[path]) next[path] = message
      else if (now[path]) next[path] = now[path]
    }
    errors.value = next
  }

  return { errors, show, clear, recheck }
}
