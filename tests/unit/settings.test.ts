/**
 * The app's settings (the window's language) live in <user data>/settings.json, outside any library:
 * they survive a restart of either shell, are written whole or not at all, and a broken file means the
 * defaults, logged, never a window that cannot start.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ChangeEvent } from '../../electron/core/api'
import { openCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { chosenLocale } from '../../electron/core/settings/app-settings'
import { SETTINGS_FILE_NAME } from '../../electron/core/settings/settings-store'
import { memoryLogger } from './memory-logger'
import { tempDir } from './temp-library'

/** A core on a library of its own, with its settings in `userData`; closed by the caller. */
function coreIn(userData: string, log = memoryLogger()) {
  const core = openCore(join(tempDir(), 'library.sqlite'), { settingsDir: userData, log })
  return { core, dispatch: createDispatch(core, log), log }
}

describe('the settings file', () => {
  it('follows the system until a language is chosen, and keeps the choice across a restart', async () => {
    const userData = tempDir()
    const first = coreIn(userData)
    expect(await first.dispatch('settings.get', {})).toEqual({ ok: true, value: { language: 'system', theme: 'system' } })
    expect(await first.dispatch('settings.update', { language: 'da' })).toEqual({ ok: true, value: { language: 'da', theme: 'system' } })
    first.core.close()

    // Another library, the same person: the choice is theirs, not the library's.
    const second = coreIn(userData)
    expect(await second.dispatch('settings.get', {})).toEqual({ ok: true, value: { language: 'da', theme: 'system' } })
    second.core.close()
    expect(JSON.parse(readFileSync(join(userData, SETTINGS_FILE_NAME), 'utf8'))).toEqual({ language: 'da', theme: 'system' })
    expect(readdirSync(userData)).toEqual([SETTINGS_FILE_NAME])
  })

  it('tells every window when the language changes', async () => {
    const { core, dispatch } = coreIn(tempDir())
    const seen: ChangeEvent[] = []
    core.changes.subscribe((change) => seen.push(change))
    await dispatch('settings.update', { language: 'sv' })
    core.close()
    expect(seen).toEqual([{ topic: 'settings' }])
  })

  it('refuses a language it has no catalogue for, and keeps the file as it was', async () => {
    const userData = tempDir()
    const { core, dispatch } = coreIn(userData)
    await dispatch('settings.update', { language: 'sv' })
    const res = await dispatch('settings.update', { language: 'de' as 'sv' })
    core.close()
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error.kind).toBe('invalid_input')
    expect(JSON.parse(readFileSync(join(userData, SETTINGS_FILE_NAME), 'utf8'))).toEqual({ language: 'sv', theme: 'system' })
  })

  it.each([
    ['half a file', '{"language": "d'],
    ['a language it does not know', '{"language": "klingon"}'],
  ])(
    'starts with the defaults when the file holds %s, says so in the log, and writes a good one on the next change',
    async (_what, text) => {
      const userData = tempDir()
      writeFileSync(join(userData, SETTINGS_FILE_NAME), text)
      const { core, dispatch, log } = coreIn(userData)
      expect(await dispatch('settings.get', {})).toEqual({ ok: true, value: { language: 'system', theme: 'system' } })
      expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([expect.stringMatching(/settings file/)])
      await dispatch('settings.update', { language: 'en' })
      core.close()
      expect(JSON.parse(readFileSync(join(userData, SETTINGS_FILE_NAME), 'utf8'))).toEqual({ language: 'en', theme: 'system' })
    },
  )

  it('makes the user-data folder on a first run', async () => {
    const userData = join(tempDir(), 'not yet', 'Culture Book')
    const { core, dispatch } = coreIn(userData)
    await dispatch('settings.update', { language: 'sv' })
    core.close()
    expect(JSON.parse(readFileSync(join(userData, SETTINGS_FILE_NAME), 'utf8'))).toEqual({ language: 'sv', theme: 'system' })
  })

  it('says why when the folder cannot be written, and keeps the choice it had', async () => {
    // A file where the folder should be: nothing can be written beneath it.
    const blocker = join(tempDir(), 'a file')
    writeFileSync(blocker, '')
    const userData = join(blocker, 'Culture Book')
    const { core, dispatch } = coreIn(userData)
    const res = await dispatch('settings.update', { language: 'da' })
    const after = await dispatch('settings.get', {})
    core.close()
    expect(res.ok ? null : res.error.code).toBe('file.cannotWriteFolder')
    expect(after).toEqual({ ok: true, value: { language: 'system', theme: 'system' } })
  })

  it('keeps a light or dark theme beside the language, and a file from before themes follows the system', async () => {
    const userData = tempDir()
    writeFileSync(join(userData, SETTINGS_FILE_NAME), '{"language": "da"}')
    const first = coreIn(userData)
    expect(await first.dispatch('settings.get', {})).toEqual({ ok: true, value: { language: 'da', theme: 'system' } })
    expect(await first.dispatch('settings.update', { theme: 'dark' })).toEqual({ ok: true, value: { language: 'da', theme: 'dark' } })
    const refused = await first.dispatch('settings.update', { theme: 'sepia' as 'dark' })
    first.core.close()
    expect(refused.ok ? null : refused.error.kind).toBe('invalid_input')

    const second = coreIn(userData)
    expect(await second.dispatch('settings.get', {})).toEqual({ ok: true, value: { language: 'da', theme: 'dark' } })
    second.core.close()
  })
})

describe('the language a choice speaks', () => {
  it('is the pinned one, or the first supported of the system’s languages, else English', () => {
    expect(chosenLocale('sv', ['da-DK'])).toBe('sv')
    expect(chosenLocale('system', ['de-DE', 'da-DK', 'sv-SE'])).toBe('da')
    expect(chosenLocale('system', ['sv_FI'])).toBe('sv')
    expect(chosenLocale('system', ['fr-FR', 'de'])).toBe('en')
    expect(chosenLocale('system', [])).toBe('en')
  })
})
