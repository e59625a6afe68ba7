// The library worker (integrity check, backup copies) from its TypeScript source, for benchmarks and tests run under tsx (a worker does not inherit `--import tsx`).
import { register } from 'tsx/esm/api'

register()
await import('../../electron/core/library/library-worker.ts')
