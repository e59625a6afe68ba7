import { firstAnswer, startWorker } from '../worker-thread'
import type { RebuildResult } from './search-service'

/** Runs a full build in a worker thread (the built `search-worker.js` beside the main bundle), which also saves it. */
export function workerRebuild(workerPath: string, libraryPath: string, nativeBinding?: string) {
  return () =>
    firstAnswer<RebuildResult>(
      startWorker(
        workerPath,
        { libraryPath, nativeBinding },
        // A build makes short-lived strings by the million (every word of every story). A smaller young
        // generation collects them sooner instead of letting the heap grow: 50,000 stories peak about
        // 50 MB lower, no slower. The old generation keeps Node's default, so a bigger library still fits.
        { resourceLimits: { maxYoungGenerationSizeMb: 16 } },
      ),
      'The search index worker',
    )
}
