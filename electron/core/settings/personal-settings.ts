import type Database from 'better-sqlite3'
import type { Caller } from '../accounts/roles'
import type { CultureCore } from '../culture-core'
import { preparedOnce } from '../library/prepared-once'
import { appSettings, definedOnly, type AppSettings, type SettingsPatch } from './app-settings'

/**
 * A team server's settings are each person's own (language, theme: nothing in AppSettings is the
 * library's), kept in the library per account (table user_settings, migration 24). Without a caller
 * (browser mode, the desktop app) they are the one settings.json as before.
 */
export function settingsOf(core: CultureCore, caller: Caller | undefined): AppSettings {
  return caller ? readPersonal(core.db, caller.id) : core.settings.get()
}

/** The caller's settings with `patch` applied: one transaction on a team server; windows are told to re-read theirs. */
export function updateSettings(core: CultureCore, caller: Caller | undefined, patch: SettingsPatch): AppSettings {
  if (!caller) return core.settings.update(patch)
  const { db } = core
  const next = db
    .transaction(() => {
      const merged = appSettings.parse({ ...readPersonal(db, caller.id), ...definedOnly(patch) })
      preparedOnce(
        db,
        `INSERT INTO user_settings (user_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      ).run(caller.id, JSON.stringify(merged), new Date().toISOString())
      return merged
    })
    .immediate()
  core.changes.publish('settings')
  return next
}

/** Defaults for a person who chose nothing yet; a row from a newer app keeps what this one understands. */
function readPersonal(db: Database.Database, userId: string): AppSettings {
  const row = preparedOnce(db, 'SELECT settings FROM user_settings WHERE user_id = ?').pluck().get(userId) as string | undefined
  const parsed = appSettings.safeParse(row ? JSON.parse(row) : {})
  return parsed.success ? parsed.data : appSettings.parse({})
}
