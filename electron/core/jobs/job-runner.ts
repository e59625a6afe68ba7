import { randomUUID } from 'node:crypto'
import { CultureError } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { JobState } from './job-state'

export interface JobContext {
  signal: AbortSignal
  progress(phase: string, fraction: number): void
  /** The team server's account that started the job (its writes name them); null without accounts. */
  startedBy: string | null
}

/**
 * Long work (a book export) runs here: it reports progress as change notices, which both shells
 * already forward to their windows, and it can be cancelled.
 */
export class JobRunner {
  private jobs = new Map<string, { state: JobState; controller: AbortController; startedBy: string | null }>()

  constructor(
    private changes: ChangeFeed,
    /** The error a failed job shows (failure.ts): never a raw SQLite or file-system message. */
    private explain: (err: unknown) => CultureError = (err) =>
      err instanceof CultureError ? err : new CultureError('internal.unexpected', {}, [], { cause: err }),
    /** Who the running call acts for (a team server's account), read as a job starts; null without accounts. */
    private actingUser: () => string | null = () => null,
  ) {}

  start<R>(kind: string, work: (ctx: JobContext) => Promise<R>): JobState<R> {
    const id = randomUUID()
    const controller = new AbortController()
    const state: JobState<R> = { id, kind, state: 'running', phase: 'starting', progress: 0 }
    const startedBy = this.actingUser()
    this.jobs.set(id, { state, controller, startedBy })
    const publish = () => this.changes.publishJob({ ...state })
    let lastPublished = 0
    const ctx: JobContext = {
      signal: controller.signal,
      startedBy,
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
        // Cancelled is its own ending with its own code, whatever the work threw on its way out.
        const cancelled = controller.signal.aborted
        state.state = cancelled ? 'cancelled' : 'failed'
        state.error = (
          cancelled
            ? err instanceof CultureError && err.kind === 'cancelled'
              ? err
              : new CultureError('job.cancelled')
            : this.explain(err)
        ).toInfo()
      }
      publish()
    })()
    publish()
    return { ...state }
  }

  /**
   * The account that started a job of this run: on a team server only they may follow, cancel or
   * download it (permissions.ts). Undefined for a job this run does not know.
   */
  startedBy(id: string): string | null | undefined {
    return this.jobs.get(id)?.startedBy
  }

  get(id: string): JobState {
    const job = this.jobs.get(id)
    if (!job) throw new CultureError('job.notFound')
    return { ...job.state }
  }

  cancel(id: string): JobState {
    const job = this.jobs.get(id)
    if (!job) throw new CultureError('job.notFound')
    if (job.state.state === 'running') job.controller.abort()
    return { ...job.state }
  }
}
