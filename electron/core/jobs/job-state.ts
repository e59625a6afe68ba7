import type { ErrorInfo } from '../errors'

/** A long job as windows see it. */
export interface JobState<R = unknown> {
  id: string
  kind: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  phase: string
  /** 0–1 */
  progress: number
  result?: R
  /** Why it failed, or that it was cancelled (kind `cancelled`): a code for the window to put in words. */
  error?: ErrorInfo
}
