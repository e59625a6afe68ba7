import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './electron/core/content-security'

/** Puts the shared Content-Security-Policy into index.html, so the desktop window gets it too. */
function injectCsp(devServer: boolean): Plugin {
  return {
    name: 'culture-book:csp',
    transformIndexHtml: (html) => html.replace('__CONTENT_SECURITY_POLICY__', contentSecurityPolicy({ devServer })),
  }
}

export default defineConfig(({ command }) => ({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          web: resolve('electron/web/index.ts'),
          // npm run serve: the team server.
          serve: resolve('electron/server/serve.ts'),
          book: resolve('electron/cli/book-cli.ts'),
          // Full search-index builds run here, in a worker thread, off the main thread.
          'search-worker': resolve('electron/core/search/rebuild-worker.ts'),
          // A library's integrity check (quick_check) before it is opened, and backups' copies, run here off the main thread.
          'library-worker': resolve('electron/core/library/library-worker.ts'),
          // A CSV import's one long write runs here, on a connection of its own, off the main thread.
          'csv-write-worker': resolve('electron/core/exchange/csv-write-worker.ts'),
          // A printed book's page numbers are read here (pdf-lib), off the main thread.
          'pdf-worker': resolve('electron/core/book/pdf-worker.ts'),
          // Browser mode drives Chromium from here when it prints a book.
          'chromium-worker': resolve('electron/core/book/chromium-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load a shared chunk: each entry is bundled whole, on its own.
      isolatedEntries: true,
      rolldownOptions: {
        // index: the local window's bridge; team: a team library's window, the pack handover only; connect: the Connect to Team Library dialog.
        input: {
          index: resolve('electron/preload/index.ts'),
          team: resolve('electron/preload/team.ts'),
          connect: resolve('electron/preload/connect.ts'),
        },
        // A sandboxed renderer can only load a CommonJS preload.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src',
    resolve: { alias: { '@core': resolve('electron/core') } },
    // No asset inlined as a data: URL: the Content-Security-Policy's font-src 'self' refuses them (a small emoji font was).
    build: { assetsInlineLimit: 0, rolldownOptions: { input: resolve('src/index.html') } },
    plugins: [vue(), injectCsp(command === 'serve')],
    // vue-i18n's build flags: the Composition API only, no devtools hooks in production.
    define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
  },
}))
