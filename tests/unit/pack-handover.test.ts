/**
 * Issue 15: "Upload this library to the team library…" hands the team window's page the local
 * library as a pack, and nothing else, once, and only to the window and origin it was meant for.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createDispatch } from '../../electron/core/dispatch'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore } from './temp-library'

const handlers = new Map<string, (...args: unknown[]) => unknown>()
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}))

const { PackHandover, registerPackHandover } = await import('../../electron/main/pack-handover')
const { exportLibraryPack } = await import('../../electron/main/library-pack')
const { TAKE_PACK_CHANNEL } = await import('../../electron/main/ipc-channels')

const ORIGIN = 'https://books.example.com'
const PACK = { fileName: 'culture-book-stories.culturepack', base64: 'UEsDBA==' }
const top = (url: string) => ({ url, parent: null })

describe('the pack handover', () => {
  beforeEach(() => handlers.clear())

  it('hands the pack once to the window and origin it was offered to', () => {
    const handover = new PackHandover()
    handover.offer(ORIGIN, 7, PACK)
    expect(handover.take({ id: 7 }, top(`${ORIGIN}/#/library`))).toEqual(PACK)
    expect(handover.take({ id: 7 }, top(`${ORIGIN}/#/library`))).toBeNull()
  })

  it('refuses without a pending upload, another origin, another window, a frame inside the page, and after it expired', () => {
    const handover = new PackHandover()
    expect(handover.take({ id: 7 }, top(`${ORIGIN}/`))).toBeNull()
    handover.offer(ORIGIN, 7, PACK)
    expect(handover.take({ id: 7 }, top('https://evil.example/'))).toBeNull()
    expect(handover.take({ id: 7 }, top('http://books.example.com/'))).toBeNull()
    expect(handover.take({ id: 7 }, top('app://culture/index.html'))).toBeNull()
    expect(handover.take({ id: 8 }, top(`${ORIGIN}/`))).toBeNull()
    expect(handover.take({ id: 7 }, { url: `${ORIGIN}/`, parent: {} })).toBeNull()
    expect(handover.take({ id: 7 }, null)).toBeNull()
    expect(handover.take(null, top(`${ORIGIN}/`))).toBeNull()
    // None of those used it up: the right page still gets it.
    expect(handover.take({ id: 7 }, top(`${ORIGIN}/`))).toEqual(PACK)
    handover.offer(ORIGIN, 7, PACK, Date.now() - 11 * 60_000)
    expect(handover.take({ id: 7 }, top(`${ORIGIN}/`))).toBeNull()
  })

  it('answers the team preload’s one channel with what the sender may have', async () => {
    const handover = new PackHandover()
    registerPackHandover(handover)
    const take = handlers.get(TAKE_PACK_CHANNEL)!
    handover.offer(ORIGIN, 3, PACK)
    expect(await take({ sender: { id: 3 }, senderFrame: top('https://evil.example/') })).toBeNull()
    expect(await take({ sender: { id: 3 }, senderFrame: top(`${ORIGIN}/#/library`) })).toEqual(PACK)
  })

  it('packs the whole local library with the core’s own export, which the team library’s preview reads', async () => {
    const local = tempCore()
    for (const title of ['First', 'Second', 'Third']) local.stories.create(storyFields.parse(storyInput(local, { title })), 'draft')
    local.stories.create(storyFields.parse(storyInput(local, { title: 'Approved' })), 'approved')
    const pack = await exportLibraryPack(createDispatch(local), local.changes, (id) => local.jobFile(id))
    expect(pack.fileName).toMatch(/\.culturepack$/)
    const team = tempCore()
    const preview = await createDispatch(team)('exchange.previewPack', { base64: pack.base64 })
    expect(preview).toMatchObject({ ok: true })
    expect((preview as { value: { fresh: unknown[] } }).value.fresh).toHaveLength(4)
  })

  it('says why when there is nothing to upload', async () => {
    const empty = tempCore()
    expect(empty.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1 }).total).toBe(0)
    await expect(exportLibraryPack(createDispatch(empty), empty.changes, (id) => empty.jobFile(id))).rejects.toMatchObject({
      code: 'pack.empty',
    })
  })
})
