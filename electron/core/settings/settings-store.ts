import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomically } from '../book/atomic-file'
import { CultureError } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { Logger } from '../logger'
import { appSettings, definedOnly, type AppSettings, type SettingsPatch } from './app-settings'

export const SETTINGS_FILE_NAME = 'settings.json'

/**
 * The app's settings in <user data>/settings.json, beside the library rather than in it, so a
 * restored or another library keeps them; browser mode keeps them here too, as its page's origin
 * (and so its localStorage) changes every run. Without a folder (tests, the command line) they
 * live in memory only.
 */
export class SettingsStore {
  private current: AppSettings
  readonly file: string | null

  constructor(
    folder: string | null,
    private changes: ChangeFeed,
    private log: Logger,
  ) {
    this.file = folder ? join(folder, SETTINGS_FILE_NAME) : null
    this.current = this.read()
  }

  get(): AppSettings {
    return { ...this.current }
  }

  /** Writes the whole file anew (atomically: never half a file), then tells every window. */
  update(patch: SettingsPatch): AppSettings {
    const next = appSettings.parse({ ...this.current, ...definedOnly(patch) })
    if (this.file) {
      makeFolder(dirname(this.file))
      writeFileAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`)
    }
    this.current = next
    this.changes.publish('settings')
    return this.get()
  }

  private read(): AppSettings {
    return this.file ? readSettings(dirname(this.file), this.log) : appSettings.parse({})
  }
}

/**
 * The settings <folder>/settings.json holds. A missing file means the defaults; so does a broken one, which is logged
 * and replaced on the next change. The desktop shell reads it before any library is open, so that even
 * a library that cannot be opened is explained in the chosen language.
 */
export function readSettings(folder: string, log: Logger): AppSettings {
  const file = join(folder, SETTINGS_FILE_NAME)
  const defaults = appSettings.parse({})
  if (!existsSync(file)) return defaults
  try {
    const parsed = appSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (parsed.success) return parsed.data
    log.warn({ file, issues: parsed.error.issues }, 'The settings file holds settings it cannot take; using the defaults')
  } catch (err) {
    log.warn({ err, file }, 'The settings file could not be read; using the defaults')
  }
  return defaults
}

/** A first run may come before anything else made the user-data folder. */
function makeFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true })
  } catch (err) {
    throw new CultureError('file.cannotWriteFolder', { folder, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message })
  }
}
