import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/** Builds the book benchmark for Node the way the app is built, so `?raw` imports resolve the same. */
export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, '../../out/bench'),
    emptyOutDir: true,
    target: 'node20',
    rolldownOptions: {
      input: { 'book-bench': resolve(import.meta.dirname, 'book-bench.ts') },
      output: { format: 'es', entryFileNames: '[name].mjs' },
    },
  },
  ssr: { external: true },
  logLevel: 'warn',
})
