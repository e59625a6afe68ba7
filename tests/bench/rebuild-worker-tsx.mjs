// The search worker from its TypeScript source, for benchmarks run under tsx (a worker does not inherit `--import tsx`).
import { register } from 'tsx/esm/api'

register()
await import('../../electron/core/search/rebuild-worker.ts')
