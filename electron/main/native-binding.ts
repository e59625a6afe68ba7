import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 in node_modules is compiled for Node (tests, browser mode). scripts/electron-native.mjs
 * compiles a second copy for Electron's ABI into `.native/`, and electron-builder ships it as an extra
 * resource. Returns the path to pass as `nativeBinding`, or undefined to use the default build.
 */
export function electronNativeBinding(options: {
  isPackaged: boolean
  appRoot: string
  resourcesPath: string
  electronVersion: string
}): string | undefined {
  const candidate = options.isPackaged
    ? join(options.resourcesPath, 'native', 'better_sqlite3.node')
    : join(options.appRoot, '.native', `electron-${options.electronVersion}`, 'better_sqlite3.node')
  return existsSync(candidate) ? candidate : undefined
}
