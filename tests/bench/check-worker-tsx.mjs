// The library check worker from its TypeScript source, for benchmarks and tests run under tsx (a worker does not inherit `--import tsx`).
import { register } from 'tsx/esm/api'

register()
await import('../../electron/core/library/check-worker.ts')
