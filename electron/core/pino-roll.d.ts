/** pino-roll ships no types: the one call we make. It resolves to a SonicBoom stream. */
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino'
  interface RollOptions {
    file: string
    size?: string | number
    frequency?: 'daily' | 'hourly' | number
    extension?: string
    dateFormat?: string
    limit?: { count: number; removeOtherLogFiles?: boolean }
    mkdir?: boolean
    sync?: boolean
  }
  export default function roll(options: RollOptions): Promise<DestinationStream & { flushSync(): void; end(): void; file: string }>
}
