/** The main thread's CPU time so far in ms, or null where /proc is not there. */
export function mainThreadCpu(): number | null
