import type { ApiErrorInfo, ApiInput, ApiMethod, ApiResult } from '@core/api'
import type { FieldIssue } from '@core/errors'

export class ApiError extends Error {
  readonly code: ApiErrorInfo['code']
  readonly issues: FieldIssue[]
  constructor(info: ApiErrorInfo) {
    super(info.message)
    this.code = info.code
    this.issues = info.issues
  }

  /** Field path → first message, for showing errors next to form fields. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const issue of this.issues) {
      const key = issue.path.replace(/^fields\./, '')
      if (key && !out[key]) out[key] = issue.message
    }
    return out
  }
}

/** The renderer's single way into the core. Errors become `ApiError`s with a readable message. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
  const response = await window.culture.call(method, input)
  if (!response.ok) throw new ApiError(response.error)
  return response.value
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
