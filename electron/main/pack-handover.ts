import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { TAKE_PACK_CHANNEL } from './ipc-channels'
import { isSameOrigin } from './team-address'

/** A pack the person asked to upload, waiting for the one team window it is meant for. */
export interface PendingPack {
  fileName: string
  base64: string
}

/** How long an upload waits for its window to take it: the page asks as soon as its import view opens. */
const PENDING_MS = 10 * 60_000

/**
 * File ▸ Upload This Library to the Team Library… hands the team window's page a pack, and nothing
 * else. The page may take it once, only when the person started an upload from the menu, only in the
 * window it was meant for, and only while that window's top frame shows the team library it was
 * meant for: another origin, a frame inside the page, or a second ask gets null.
 */
export class PackHandover {
  private pending: (PendingPack & { origin: string; contentsId: number; until: number }) | null = null

  offer(origin: string, contentsId: number, pack: PendingPack, now = Date.now()): void {
    this.pending = { ...pack, origin, contentsId, until: now + PENDING_MS }
  }

  take(
    sender: { id: number } | null | undefined,
    frame: { url: string; parent: unknown } | null | undefined,
    now = Date.now(),
  ): PendingPack | null {
    const pending = this.pending
    if (!pending || !sender || !frame || frame.parent) return null
    if (now > pending.until) {
      this.pending = null
      return null
    }
    if (sender.id !== pending.contentsId || !isSameOrigin(frame.url, pending.origin)) return null
    this.pending = null
    return { fileName: pending.fileName, base64: pending.base64 }
  }
}

/** The team preload's one function (electron/preload/team.ts) is answered here. */
export function registerPackHandover(handover: PackHandover): () => void {
  ipcMain.handle(TAKE_PACK_CHANNEL, (event: IpcMainInvokeEvent) => handover.take(event.sender, event.senderFrame))
  return () => ipcMain.removeHandler(TAKE_PACK_CHANNEL)
}
