/**
 * Loaded into browser mode by `npm run bench:ui` (`node --import <this> out/main/web.js`, with an IPC
 * channel): measures the server's own event-loop delay without touching product code. Answers the
 * message 'reset' with { reset: true } and 'read' with the longest delay since the reset, in ms.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { isMainThread } from 'node:worker_threads'
import { mainThreadCpu } from './thread-cpu.mjs'

// Worker threads and child processes inherit the --import: only the server's own main thread measures.
if (isMainThread && process.send && process.env.CULTURE_BENCH_LOOP_PROBE === '1') {
  delete process.env.CULTURE_BENCH_LOOP_PROBE
  // Samples every 10 ms: a shorter block is below what it can see.
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  // The most CPU the main thread itself spent between two turns: a longer block waited for a core.
  let lastCpu = mainThreadCpu()
  let maxBusy = 0
  setInterval(() => {
    const cpu = mainThreadCpu()
    if (cpu !== null && lastCpu !== null) maxBusy = Math.max(maxBusy, cpu - lastCpu)
    lastCpu = cpu
  }, 2).unref()
  process.on('message', (message) => {
    if (message === 'reset') {
      histogram.reset()
      maxBusy = 0
      process.send({ reset: true })
    } else if (message === 'read') {
      // A turn later than any block still running when asked, so the last block is sampled too.
      setTimeout(
        () =>
          process.send({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, busyMs: lastCpu === null ? null : maxBusy }),
        30,
      )
    }
  })
  // The channel must not keep the server running on its own.
  process.channel?.unref()
}
