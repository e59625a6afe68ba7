import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { loadWindowBounds, saveWindowBounds } from '../../electron/main/window-state'
import { tempDir } from './temp-library'

const opened: string[] = []
vi.mock('electron', () => ({
  shell: { openExternal: async (url: string) => void opened.push(url) },
  BrowserWindow: class {},
  screen: {},
}))
const { openExternalSafely } = await import('../../electron/main/main-window')

describe('main window glue', () => {
  it('hands only http(s) and mailto links to the system browser', async () => {
    for (const url of ['https://example.com', 'mailto:a@b.c', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/x']) {
      await openExternalSafely(url)
    }
    expect(opened).toEqual(['https://example.com', 'mailto:a@b.c'])
  })

  it('remembers window bounds, and forgets a position on a screen that is gone', () => {
    const file = join(tempDir(), 'window-state.json')
    const screenArea = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    expect(loadWindowBounds(file, screenArea)).toEqual({ width: 1280, height: 820, maximized: false })
    saveWindowBounds(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true })
    expect(loadWindowBounds(file, screenArea)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true })
    saveWindowBounds(file, { x: 3000, y: 50, width: 1000, height: 700, maximized: false })
    expect(loadWindowBounds(file, screenArea)).toEqual({ width: 1000, height: 700, maximized: false })
    writeFileSync(file, '{ not json')
    expect(loadWindowBounds(file, screenArea).width).toBe(1280)
  })
})
