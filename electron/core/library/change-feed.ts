import type { ChangeEvent } from '../api'

type Listener = (event: ChangeEvent) => void

/** Fan-out of "something changed" so both shells can tell their windows to refresh. */
export class ChangeFeed {
  private listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** `ids`: the stories that changed, when known; listeners that need more re-read the library. */
  publish(topic: ChangeEvent['topic'], ids?: string[]): void {
    const event: ChangeEvent = ids ? { topic, ids } : { topic }
    for (const listener of this.listeners) listener(event)
  }
}
