import { performance } from 'node:perf_hooks'

/**
 * Work written once as a generator that pauses (`yield`) wherever stopping is safe: a row checked,
 * a chunk parsed. It runs at once where it is small or must be synchronous (tests, a Markdown
 * folder), or a slice at a time where a big file would otherwise hold the event loop for seconds.
 */
export type Steps<T> = Generator<void, T, void>

/** Runs every step without pausing. */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** How long one slice may hold the event loop: well under the 50 ms a person (or a second client) notices. */
export const SLICE_MS = 10

/** Lets timers, I/O and other calls run before the next slice. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Runs the steps, giving the event loop a turn whenever a slice has run `sliceMs`. `between` runs
 * at each pause (progress, cancelling); it may throw to stop the work there.
 */
export async function runInSlices<T>(steps: Steps<T>, between?: () => void, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = performance.now()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn()
      between?.()
      sliceStart = performance.now()
    }
  }
}
