import { contextBridge, ipcRenderer } from 'electron'
import type { ApiMethod, ChangeEvent, ChoosePathPurpose, CultureBridge } from '../core/api'

import { CALL_CHANNEL, CHANGE_CHANNEL, CHOOSE_PATH_CHANNEL, OPEN_EXTERNAL_CHANNEL, OPEN_FILE_CHANNEL } from '../main/ipc-channels'

/** The renderer's only door: one call function over the contract, change notices, external links. */
const bridge: CultureBridge = {
  shell: 'electron',
  call: (method: ApiMethod, input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, method, input),
  onChange(listener: (event: ChangeEvent) => void) {
    const handler = (_event: Electron.IpcRendererEvent, change: ChangeEvent) => listener(change)
    ipcRenderer.on(CHANGE_CHANNEL, handler)
    return () => ipcRenderer.removeListener(CHANGE_CHANNEL, handler)
  },
  openExternal: (url: string) => ipcRenderer.invoke(OPEN_EXTERNAL_CHANNEL, url),
  openJobFile: (jobId: string, action: 'open' | 'show' | 'preview') => ipcRenderer.invoke(OPEN_FILE_CHANNEL, jobId, action),
  jobFileUrl: () => null,
  // The main process shows the dialog and lets the core use only the path the user picked.
  choosePath: (purpose: ChoosePathPurpose) => ipcRenderer.invoke(CHOOSE_PATH_CHANNEL, purpose),
}

contextBridge.exposeInMainWorld('culture', bridge)
