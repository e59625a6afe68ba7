import { contextBridge, ipcRenderer } from 'electron'

import { TAKE_PACK_CHANNEL } from '../main/ipc-channels'

/**
 * A team library's window shows the server's pages: they get none of the local bridge (no
 * `window.culture`: the page installs its own, over HTTP to its server). One function only: take the
 * pack the person chose to upload from the menu, once; the main process decides whether this page may
 * have it (electron/main/pack-handover.ts).
 */
contextBridge.exposeInMainWorld('cultureDesktop', {
  takePendingPack: (): Promise<{ fileName: string; base64: string } | null> => ipcRenderer.invoke(TAKE_PACK_CHANNEL),
})
