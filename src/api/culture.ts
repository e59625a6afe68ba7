import type { ApiErrorInfo, ApiInput, ApiMethod, ApiResult } from '@core/api'
import type { ErrorCode, ErrorKind, ErrorParams, FieldIssue } from '@core/errors'
import { errorMessage, fieldMessage } from '../i18n'

/** A failed call: the core's code and parameters, put into words by the catalogue. */
export class ApiError extends Error {
  readonly kind: ErrorKind
  readonly code: ErrorCode
  readonly params: ErrorParams
  readonly issues: FieldIssue[]
  /** An unexpected failure's log reference. */
  readonly ref?: string
  constructor(readonly info: ApiErrorInfo) {
    super(errorMessage(info))
    this.kind = info.kind
    this.code = info.code
    this.params = info.params
    this.issues = info.issues
    this.ref = info.ref
  }

  /** Field path → its first problem in words, for showing errors next to form fields. */
  fieldErrors(): Record<string, string> {
    return errorsByField(this.issues)
  }
}

/** Field path (without the contract's `fields.` prefix) → its first problem in words. */
export function errorsByField(issues: FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of issues) {
    const key = issue.path.replace(/^fields\./, '')
    if (key && !out[key]) out[key] = fieldMessage(issue)
  }
  return out
}

/**
 * The renderer's single way into the core. Errors become `ApiError`s with a readable message. Once
 * `signal` aborts, the call rejects with the signal's reason (an AbortError) however the shell answers.
 */
export async function call<M extends ApiMethod>(
  method: M,
  input: ApiInput<M>,
  options: { signal?: AbortSignal } = {},
): Promise<ApiResult<M>> {
  const response = await window.culture.call(method, input, options)
  options.signal?.throwIfAborted()
  if (!response.ok) throw new ApiError(response.error)
  return response.value
}

export const messageOf = errorMessage
