/**
 * The desktop shell's own parts (title bar, scroll bars, the page's prefers-color-scheme) follow the
 * theme chosen in Settings, and a window opens on the paper of the theme it will show.
 */
import { describe, expect, it, vi } from 'vitest'
import { ChangeFeed } from '../../electron/core/library/change-feed'
import { SettingsStore } from '../../electron/core/settings/settings-store'
import { memoryLogger } from './memory-logger'

const nativeTheme = vi.hoisted(() => ({ themeSource: 'system' as string, shouldUseDarkColors: false }))
vi.mock('electron', () => ({ nativeTheme }))
const { keepNativeTheme, windowBackground } = await import('../../electron/main/native-theme')

describe('the native theme', () => {
  it('is the theme kept in Settings at start and after every change, until the shell lets go', () => {
    const changes = new ChangeFeed()
    const settings = new SettingsStore(null, changes, memoryLogger())
    settings.update({ theme: 'dark' })
    const stop = keepNativeTheme(changes, () => settings.get().theme)
    expect(nativeTheme.themeSource).toBe('dark')

    settings.update({ theme: 'light' })
    expect(nativeTheme.themeSource).toBe('light')
    settings.update({ language: 'da' })
    settings.update({ theme: 'system' })
    expect(nativeTheme.themeSource).toBe('system')

    stop()
    settings.update({ theme: 'dark' })
    expect(nativeTheme.themeSource).toBe('system')
  })

  it('opens a window on the dark paper when the window will be dark', () => {
    nativeTheme.shouldUseDarkColors = true
    expect(windowBackground()).toBe('#1a1816')
    nativeTheme.shouldUseDarkColors = false
    expect(windowBackground()).toBe('#f7f4ef')
  })
})
