import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 in node_modules is compiled for Node (tests, browser mode). `npm run dev` compiles a
 * second copy for Electron's ABI into `.native/` (see scripts/electron-native.mjs); use it when present.
 * The packaged app has electron-builder's own rebuild in node_modules, so nothing is needed there.
 */
export function electronNativeBinding(appRoot: string, electronVersion: string): string | undefined {
  const candidate = join(appRoot, '.native', `electron-${electronVersion}`, 'better_sqlite3.node')
  return existsSync(candidate) ? candidate : undefined
}
