import { BrowserWindow, dialog } from 'electron'
import type { ApiInput, ApiMethod, ApiResponse, ApiResult } from '../core/api'
import type { Dispatch } from '../core/dispatch'
import type { MenuActions } from './app-menu'

/**
 * File ▸ Back Up Now and Restore from Backup…: native dialogs around the same dispatch the page
 * calls, so the menu takes the same steps (a backup prunes what it now holds) and shows the same
 * messages (never a raw SQLite or file-system error).
 */
export function backupMenuActions(dispatch: Dispatch, backupFolder: string, window: () => BrowserWindow | null): MenuActions {
  const call = <M extends ApiMethod>(method: M, input: ApiInput<M>) => dispatch(method, input) as Promise<ApiResponse<ApiResult<M>>>
  const parent = () => window() ?? undefined
  const tell = (type: 'info' | 'error', message: string, detail?: string) => {
    const win = parent()
    const options = { type, message, detail, buttons: ['OK'] }
    return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)
  }
  return {
    backupNow: async () => {
      const res = await call('library.backupNow', {})
      await (res.ok ? tell('info', 'The library is backed up.', res.value.path) : tell('error', 'The backup failed.', res.error.message))
    },
    restoreFromBackup: async () => {
      const win = parent()
      const pickOptions = {
        defaultPath: backupFolder,
        filters: [{ name: 'Library backups', extensions: ['sqlite'] }],
        properties: ['openFile' as const],
      }
      const pick = await (win ? dialog.showOpenDialog(win, pickOptions) : dialog.showOpenDialog(pickOptions))
      if (pick.canceled || !pick.filePaths[0]) return
      const options = {
        type: 'warning' as const,
        message: 'Restore this backup?',
        detail: 'The library goes back to the backup. What it holds now is backed up first, so this can be undone.',
        buttons: ['Restore', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
      }
      const answer = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
      if (answer.response !== 0) return
      const res = await call('library.restore', { name: pick.filePaths[0], confirm: true })
      await (res.ok
        ? tell('info', `${res.value.restored} is restored.`, `What was there before is in ${res.value.safetyBackup}.`)
        : tell('error', 'The backup could not be restored.', res.error.message))
    },
  }
}
