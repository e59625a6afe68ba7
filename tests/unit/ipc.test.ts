import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { createDispatch } from '../../electron/core/dispatch'
import { storyInput, tempCore } from './temp-library'

// The real electron module cannot load under Node; stand in for the two objects the glue touches.
const handlers = new Map<string, (...args: unknown[]) => unknown>()
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}))

const { registerIpc, isTrustedFrame } = await import('../../electron/main/ipc')
const { CALL_CHANNEL, CHOOSE_PATH_CHANNEL, OPEN_EXTERNAL_CHANNEL, OPEN_FILE_CHANNEL } = await import('../../electron/main/ipc-channels')

// The app is served from its own scheme (issue 9, defect 17), no longer from file://.
const RENDERER = 'app://culture/index.html'
const frame = (url: string, parent: unknown = null) => ({ url, parent }) as never
const event = (senderFrame: unknown) => ({ senderFrame }) as never

describe('IPC glue', () => {
  let opened: string[]
  beforeEach(() => {
    handlers.clear()
    opened = []
  })

  function setup() {
    const core = tempCore()
    registerIpc(createDispatch(core), RENDERER, async (url) => {
      opened.push(url)
    })
    const call = handlers.get(CALL_CHANNEL)!
    return { core, call }
  }

  it('answers the app page through the dispatch table', async () => {
    const { core, call } = setup()
    const res = (await call(event(frame(`${RENDERER}#/stories`)), 'stories.create', {
      fields: storyInput(core),
    })) as ApiResponse<{ title: string }>
    expect(res.ok && res.value.title).toBe('Wedding shoes, overnight')
  })

  it('refuses a foreign sender: another page, an iframe, no frame', async () => {
    const { core, call } = setup()
    for (const sender of [
      frame('https://evil.example/'),
      frame('file:///tmp/other.html'),
      frame('file:///opt/Culture%20Book/resources/app/out/renderer/index.html'),
      // A custom scheme's origin is opaque ("null"): comparing origins would trust these two.
      frame('evil://culture/index.html'),
      frame('app://other/index.html'),
      frame(RENDERER, { url: RENDERER }),
      null,
    ]) {
      const res = (await call(event(sender), 'stories.create', { fields: storyInput(core) })) as ApiResponse<unknown>
      expect(res).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
    }
    expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).total).toBe(0)
  })

  it('refuses bad arguments with a readable message', async () => {
    const { call } = setup()
    const res = (await call(event(frame(RENDERER)), 'stories.get', { id: 7 })) as ApiResponse<unknown>
    expect(res).toMatchObject({ ok: false, error: { kind: 'invalid_input' } })
    const unknown = (await call(event(frame(RENDERER)), 'shell.exec', {})) as ApiResponse<unknown>
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'unknown_method' } })
  })

  it('passes only strings from the app page on to open links', async () => {
    setup()
    const open = handlers.get(OPEN_EXTERNAL_CHANNEL)!
    await open(event(frame(RENDERER)), 'https://example.com')
    await open(event(frame('https://evil.example/')), 'https://example.com/evil')
    await open(event(frame(RENDERER)), { toString: () => 'x' })
    expect(opened).toEqual(['https://example.com'])
  })

  it('opens only finished export files, for the app page, by job id and a known action', async () => {
    const core = tempCore()
    const asked: string[] = []
    registerIpc(
      createDispatch(core),
      RENDERER,
      async () => {},
      async (jobId, action) => {
        asked.push(`${action}:${jobId}`)
      },
    )
    const openFile = handlers.get(OPEN_FILE_CHANNEL)!
    await openFile(event(frame(RENDERER)), 'job-1', 'preview')
    await openFile(event(frame(RENDERER)), 'job-1', 'delete')
    await openFile(event(frame(RENDERER)), { path: '/etc/passwd' }, 'open')
    await openFile(event(frame('https://evil.example/')), 'job-1', 'open')
    expect(asked).toEqual(['preview:job-1'])
  })

  it('shows a path dialog only for the app page and a known purpose (issue 9, defect 17)', async () => {
    const core = tempCore()
    const asked: string[] = []
    registerIpc(
      createDispatch(core),
      RENDERER,
      async () => {},
      undefined,
      async (purpose) => {
        asked.push(purpose)
        return '/home/me/chosen'
      },
    )
    const choose = handlers.get(CHOOSE_PATH_CHANNEL)!
    expect(await choose(event(frame(`${RENDERER}#/library`)), 'markdown-folder')).toBe('/home/me/chosen')
    expect(await choose(event(frame(RENDERER)), 'save-pdf')).toBe('/home/me/chosen')
    expect(await choose(event(frame(RENDERER)), '/etc/passwd')).toBeNull()
    expect(await choose(event(frame('app://other/index.html')), 'save-html')).toBeNull()
    expect(asked).toEqual(['markdown-folder', 'save-pdf'])
  })

  it('trusts the dev server by origin', () => {
    expect(isTrustedFrame(frame('http://localhost:5173/#/values'), 'http://localhost:5173')).toBe(true)
    expect(isTrustedFrame(frame('http://localhost:5174/'), 'http://localhost:5173')).toBe(false)
  })
})
