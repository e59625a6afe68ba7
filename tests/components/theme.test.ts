/**
 * Light, dark or the system's: chosen in Settings, kept by the core beside the language, mirrored in
 * localStorage so the next start shows it before the core answers, and "Follow the system" switches
 * as the system's prefers-color-scheme does.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { useSettingsStore } from '../../src/stores/settings'
import { THEME_STORAGE_KEY } from '../../src/theme'
import { inkOn } from '../../src/value-colour'
import { installCoreBridge } from './core-bridge'
import { mountApp } from './mount-app'

const shown = () => document.documentElement.dataset.theme

/** A system whose light or dark appearance the test switches, as prefers-color-scheme reports it. */
function systemAppearance(dark: boolean) {
  const listeners = new Set<() => void>()
  const query = {
    get matches() {
      return dark
    },
    media: '(prefers-color-scheme: dark)',
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  }
  vi.stubGlobal('matchMedia', (media: string) => (media === query.media ? query : { matches: false, addEventListener() {} }))
  return {
    turn(toDark: boolean) {
      dark = toDark
      for (const listener of listeners) listener()
    },
  }
}

/** src/theme.ts afresh, as a window that just started loads it (it listens to the system once per load). */
async function freshTheme() {
  vi.resetModules()
  return import('../../src/theme')
}

describe('the theme', () => {
  it('is chosen in Settings, kept by the core beside the language and remembered for the next start', async () => {
    const bridge = installCoreBridge()
    systemAppearance(false)
    const { wrapper } = await mountApp('/settings')
    const select = wrapper.find<HTMLSelectElement>('[data-testid="theme-select"]')
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Follow the system', 'Light', 'Dark'])
    expect(select.element.value).toBe('system')

    await select.setValue('dark')
    await vi.waitFor(() => expect(shown()).toBe('dark'))
    expect(JSON.parse(readFileSync(join(bridge.folder, 'settings.json'), 'utf8'))).toEqual({ language: 'system', theme: 'dark' })
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')

    await select.setValue('light')
    await vi.waitFor(() => expect(shown()).toBe('light'))
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light')
  })

  it('starts in the theme the core kept, whatever the last run remembered', async () => {
    const bridge = installCoreBridge()
    systemAppearance(false)
    localStorage.setItem(THEME_STORAGE_KEY, 'light')
    bridge.core.settings.update({ theme: 'dark' })
    await useSettingsStore().load()
    expect(shown()).toBe('dark')
    expect(useSettingsStore().theme).toBe('dark')
  })

  it('shows the remembered choice before the core has answered (main.ts, before mounting)', async () => {
    systemAppearance(false)
    localStorage.setItem(THEME_STORAGE_KEY, 'dark')
    ;(await freshTheme()).applyRememberedTheme()
    expect(shown()).toBe('dark')
  })

  it('follows the system as it switches between light and dark, until a theme is pinned', async () => {
    const system = systemAppearance(false)
    const theme = await freshTheme()
    theme.applyTheme('system')
    expect([shown(), theme.shownTheme.value]).toEqual(['light', 'light'])
    system.turn(true)
    expect([shown(), theme.shownTheme.value]).toEqual(['dark', 'dark'])
    system.turn(false)
    expect(shown()).toBe('light')

    theme.applyTheme('dark')
    system.turn(true)
    system.turn(false)
    expect(shown()).toBe('dark')
  })
})

describe('the text on a chip filled with a value’s colour', () => {
  /** WCAG contrast between two #rrggbb colours. */
  function contrast(a: string, b: string) {
    const lum = (hex: string) => {
      const [r, g, bl] = hex
        .slice(1)
        .match(/../g)!
        .map((d) => {
          const c = parseInt(d, 16) / 255
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
        })
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    }
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }

  it('reads at 4.5:1 or better on any colour a value can have', () => {
    const channels = [0, 0x33, 0x66, 0x77, 0x88, 0x99, 0xcc, 0xff]
    const hex = (n: number) => n.toString(16).padStart(2, '0')
    const worst = Math.min(
      ...channels
        .flatMap((r) => channels.flatMap((g) => channels.map((b) => `#${hex(r)}${hex(g)}${hex(b)}`)))
        .map((c) => contrast(c, inkOn(c))),
    )
    expect(worst).toBeGreaterThanOrEqual(4.5)
    // White on the shipped values' dark colours, black on the light ones (the amber value was white on yellow: 2.0:1).
    expect(inkOn('#1971c2')).toBe('#ffffff')
    expect(inkOn('#fab005')).toBe('#000000')
    expect(inkOn('#fab')).toBe('#000000')
  })
})
