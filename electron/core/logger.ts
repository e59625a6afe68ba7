/**
 * What the core writes to the log. pino's call shape (details first, then the message), so a pino
 * logger is one; the core and the tests use a silent one unless a shell passes its log file's.
 */
export interface Logger {
  error(details: object, message: string): void
  warn(details: object, message: string): void
  info(details: object, message: string): void
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {} }
