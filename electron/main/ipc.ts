import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron'
import type { ApiResponse, ChoosePathPurpose } from '../core/api'
import type { Dispatch } from '../core/dispatch'
import { CultureError } from '../core/errors'

import { CALL_CHANNEL, CHOOSE_PATH_CHANNEL, OPEN_EXTERNAL_CHANNEL, OPEN_FILE_CHANNEL } from './ipc-channels'

const forbidden: ApiResponse<never> = { ok: false, error: new CultureError('call.untrustedFrame').toInfo() }

const PURPOSES: readonly ChoosePathPurpose[] = ['markdown-folder', 'save-pdf', 'save-html']

/**
 * Only the app's own page, in its top frame, may call the core: not an iframe, not a page that
 * somehow got navigated elsewhere. Scheme and host are compared, not `origin`: a custom scheme
 * such as `app:` has an opaque origin ("null") that every other such page would share.
 */
export function isTrustedFrame(frame: WebFrameMain | null | undefined, rendererUrl: string): boolean {
  if (!frame || frame.parent) return false
  try {
    const actual = new URL(frame.url)
    const expected = new URL(rendererUrl)
    if (actual.protocol !== expected.protocol || actual.host !== expected.host) return false
    return expected.protocol !== 'file:' || actual.pathname === expected.pathname
  } catch {
    return false
  }
}

export function registerIpc(
  dispatch: Dispatch,
  rendererUrl: string,
  openExternal: (url: string) => Promise<void>,
  openJobFile: (jobId: string, action: 'open' | 'show' | 'preview') => Promise<void> = async () => {},
  choosePath: (purpose: ChoosePathPurpose) => Promise<string | null> = async () => null,
): () => void {
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!isTrustedFrame(event.senderFrame, rendererUrl)) return forbidden
    return dispatch(method, input)
  })
  ipcMain.handle(OPEN_EXTERNAL_CHANNEL, (event: IpcMainInvokeEvent, url: unknown) => {
    if (!isTrustedFrame(event.senderFrame, rendererUrl) || typeof url !== 'string') return
    return openExternal(url)
  })
  ipcMain.handle(OPEN_FILE_CHANNEL, (event: IpcMainInvokeEvent, jobId: unknown, action: unknown) => {
    if (!isTrustedFrame(event.senderFrame, rendererUrl) || typeof jobId !== 'string') return
    if (action !== 'open' && action !== 'show' && action !== 'preview') return
    return openJobFile(jobId, action).catch(() => undefined)
  })
  ipcMain.handle(CHOOSE_PATH_CHANNEL, (event: IpcMainInvokeEvent, purpose: unknown) => {
    if (!isTrustedFrame(event.senderFrame, rendererUrl) || !PURPOSES.includes(purpose as ChoosePathPurpose)) return null
    return choosePath(purpose as ChoosePathPurpose)
  })
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL)
    ipcMain.removeHandler(OPEN_EXTERNAL_CHANNEL)
    ipcMain.removeHandler(OPEN_FILE_CHANNEL)
    ipcMain.removeHandler(CHOOSE_PATH_CHANNEL)
  }
}
