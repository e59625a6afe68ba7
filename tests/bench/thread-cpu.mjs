import { readFileSync } from 'node:fs'

/**
 * The main thread's CPU time so far in ms (Linux: /proc, 10 ms ticks), or null elsewhere. On a busy
 * machine the event loop also waits for a core: the CPU a late turn took tells our work from that.
 */
export function mainThreadCpu() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100)
  } catch {
    return null
  }
}
