import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'Culture Book'
export const LIBRARY_FILE_NAME = 'culture-book.sqlite'
export const LIBRARY_ENV = 'CULTUREBOOK_LIBRARY'

/**
 * The folder Electron's `app.getPath('userData')` gives for this app, computed without Electron so
 * that browser mode and the command line open the same library as the desktop app.
 */
export function userDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME)
}

/** The `--library` option (read by shell-args) wins, then the environment variable, then the default. */
export function resolveLibraryPath(option: string | undefined, env: NodeJS.ProcessEnv, defaultDir: string): string {
  return option || env[LIBRARY_ENV] || join(defaultDir, LIBRARY_FILE_NAME)
}
