import type { ChangeEvent } from '../api'

type Listener = (event: ChangeEvent) => void

/** Fan-out of "something changed" so both shells can tell their windows to refresh. */
export class ChangeFeed {
  private listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish(topic: ChangeEvent['topic']): void {
    for (const listener of this.listeners) listener({ topic })
  }
}
