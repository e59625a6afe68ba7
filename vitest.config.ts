import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // The book's print stylesheet is imported with `?raw`; without this vitest hands it over empty.
          css: true,
          testTimeout: 20_000,
        },
      },
      {
        // The renderer's views and stores on happy-dom, talking to a real core in the same process.
        plugins: [vue()],
        resolve: { alias: { '@core': resolve(import.meta.dirname, 'electron/core') } },
        test: {
          name: 'components',
          include: ['tests/components/**/*.test.ts'],
          environment: 'happy-dom',
          css: true,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          css: true,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
})
