import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import roll from 'pino-roll'
import type { Logger } from './logger'

/** Files kept per shell: today's and the ones before it. */
const KEEP = 6
const MAX_SIZE = '5m'

/** Where the log files are: `logs` in the user-data folder (desktop: app.getPath('userData'); else userDataDir()). */
export function logFolder(userData: string): string {
  return join(userData, 'logs')
}

/** Removes a shell's oldest files beyond `keep`: pino-roll only prunes files it rotated itself in this run. */
function pruneOldLogs(folder: string, name: string, keep: number): void {
  let files: string[]
  try {
    files = readdirSync(folder).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.log'))
  } catch {
    return
  }
  const oldestFirst = files.map((f) => ({ f, at: statSync(join(folder, f)).mtimeMs })).sort((a, b) => a.at - b.at)
  for (const { f } of oldestFirst.slice(0, Math.max(0, oldestFirst.length - keep))) rmSync(join(folder, f), { force: true })
}

export interface LogFile extends Logger {
  /** The file written now (it moves on each day, and at 5 MB). */
  readonly file: string
  close(): void
}

/**
 * A shell's log: JSON lines in `<user data>/logs/<name>.<date>.<n>.log`, a new file each day and at
 * 5 MB, the newest six kept. pino-roll's stream is used in this process rather than as a pino
 * transport: a transport runs in a worker thread that loads pino-roll by name from node_modules,
 * which a bundled or packaged app cannot promise. Writes are synchronous (there are few), so an
 * entry logged just before a crash is on disk.
 */
export async function openLogFile(userData: string, name: 'desktop' | 'browser' | 'book'): Promise<LogFile> {
  const folder = logFolder(userData)
  pruneOldLogs(folder, name, KEEP - 1)
  const stream = await roll({
    file: join(folder, name),
    extension: '.log',
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    size: MAX_SIZE,
    limit: { count: KEEP - 1, removeOtherLogFiles: true },
    mkdir: true,
    sync: true,
  })
  const logger = pino({ base: { shell: name, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream)
  return {
    get file() {
      return stream.file
    },
    error: (details, message) => logger.error(details, message),
    warn: (details, message) => logger.warn(details, message),
    info: (details, message) => logger.info(details, message),
    close: () => stream.end(),
  }
}
