import type { ChangeEvent } from '../api'

type Listener = (event: ChangeEvent) => void

/** Fan-out of "something changed" so both shells can tell their windows to refresh. */
export class ChangeFeed {
  private listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A long job moved on; windows show its progress. */
  publishJob(job: NonNullable<ChangeEvent['job']>): void {
    for (const listener of this.listeners) listener({ topic: 'jobs', job })
  }

  /** `ids`: the stories that changed, when known; listeners that need more re-read the library. */
  publish(topic: Exclude<ChangeEvent['topic'], 'jobs'>, ids?: string[], statusOnly = false): void {
    const event: ChangeEvent = !ids ? { topic } : statusOnly ? { topic, ids, statusOnly: true } : { topic, ids }
    for (const listener of this.listeners) listener(event)
  }
}
