import type { Logger } from '../../electron/core/logger'

export interface LogEntry {
  level: 'error' | 'warn' | 'info'
  details: Record<string, unknown>
  message: string
}

/** A logger that keeps what it is given, for tests that check what was logged. */
export function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = []
  const at = (level: LogEntry['level']) => (details: object, message: string) =>
    entries.push({ level, details: details as Record<string, unknown>, message })
  return { entries, error: at('error'), warn: at('warn'), info: at('info') }
}
