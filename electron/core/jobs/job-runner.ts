import { randomUUID } from 'node:crypto'
import { CultureError } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { JobState } from './job-state'

export interface JobContext {
  signal: AbortSignal
  progress(phase: string, fraction: number): void
}

/**
 * Long work (a book export) runs here: it reports progress as change notices, which both shells
 * already forward to their windows, and it can be cancelled.
 */
export class JobRunner {
  private jobs = new Map<string, { state: JobState; controller: AbortController }>()

  constructor(
    private changes: ChangeFeed,
    /** The sentence a failed job shows: never a raw SQLite or file-system message. */
    private explain: (err: unknown) => string = (err) => (err as Error).message,
  ) {}

  start<R>(kind: string, work: (ctx: JobContext) => Promise<R>): JobState<R> {
    const id = randomUUID()
    const controller = new AbortController()
    const state: JobState<R> = { id, kind, state: 'running', phase: 'starting', progress: 0 }
    this.jobs.set(id, { state, controller })
    const publish = () => this.changes.publishJob({ ...state })
    let lastPublished = 0
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (phase, fraction) => {
        state.phase = phase
        state.progress = fraction
        // Enough to move a progress bar smoothly, not a flood.
        if (fraction - lastPublished >= 0.02 || fraction === 1) {
          lastPublished = fraction
          publish()
        }
      },
    }
    void (async () => {
      try {
        state.result = await work(ctx)
        state.state = 'done'
        state.progress = 1
      } catch (err) {
        state.state = controller.signal.aborted ? 'cancelled' : 'failed'
        state.error = controller.signal.aborted ? (err as Error).message : this.explain(err)
      }
      publish()
    })()
    publish()
    return { ...state }
  }

  get(id: string): JobState {
    const job = this.jobs.get(id)
    if (!job) throw new CultureError('not_found', 'That job is not known (it may belong to an earlier run).')
    return { ...job.state }
  }

  cancel(id: string): JobState {
    const job = this.jobs.get(id)
    if (!job) throw new CultureError('not_found', 'That job is not known (it may belong to an earlier run).')
    if (job.state.state === 'running') job.controller.abort()
    return { ...job.state }
  }
}
