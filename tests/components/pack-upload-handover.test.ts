/**
 * Issue 15: in the desktop app, File ▸ Upload This Library to the Team Library… opens the team
 * library's import view with the local library as a pack; the view takes it from the team window's
 * preload once and shows the usual preview, without a file being picked.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from '../unit/temp-library'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp } from './mount-app'

type Handover = { takePendingPack(): Promise<{ fileName: string; base64: string } | null> }
const desktop = window as Window & { cultureDesktop?: Handover }

afterEach(() => {
  delete desktop.cultureDesktop
})

describe('the pack import view in a team library’s desktop window', () => {
  it('previews the pack the menu prepared, taking it once', async () => {
    const local = tempCore()
    local.stories.create(storyFields.parse(storyInput(local, { title: 'From my desk' })), 'draft')
    const path = join(tempDir(), 'local.culturepack')
    local.packs.exportPack(path, { zipped: true })
    const pending = [{ fileName: 'local.culturepack', base64: readFileSync(path).toString('base64') }]
    let asked = 0
    desktop.cultureDesktop = {
      takePendingPack: async () => {
        asked++
        return pending.shift() ?? null
      },
    }
    const bridge = installCoreBridge({ shell: 'browser' })
    const { wrapper } = await mountApp('/library')
    await eventually(() => expect(wrapper.find('[data-testid="pack-preview"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="pack-preview"] p').text().replace(/\s+/g, ' ')).toMatch(/^1 new · 0 updated/)
    expect(asked).toBe(1)
    expect(bridge.calls.filter((c) => c.method === 'exchange.previewPack')).toHaveLength(1)
  })

  it('shows no preview when no upload is waiting', async () => {
    desktop.cultureDesktop = { takePendingPack: async () => null }
    const bridge = installCoreBridge({ shell: 'browser' })
    const { wrapper } = await mountApp('/library')
    await eventually(() => expect(wrapper.find('[data-testid="pack-file"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="pack-preview"]').exists()).toBe(false)
    expect(bridge.calls.filter((c) => c.method === 'exchange.previewPack')).toHaveLength(0)
  })
})
