/** A long job as windows see it. */
export interface JobState<R = unknown> {
  id: string
  kind: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  phase: string
  /** 0–1 */
  progress: number
  result?: R
  error?: string
}
