import { BrowserWindow, dialog } from 'electron'
import type { ApiInput, ApiMethod, ApiResponse, ApiResult } from '../core/api'
import { formatError, translator, type Locale } from '../core/error-text'
import type { Dispatch } from '../core/dispatch'
import type { MenuActions } from './app-menu'

/** A message from the menu with one OK button, over the library window when there is one. */
export function tellInDialog(win: BrowserWindow | null, locale: Locale, type: 'info' | 'error', message: string, detail?: string) {
  const options = { type, message, detail, buttons: [translator(locale)('menu.backup.ok')] }
  return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)
}

/**
 * File ▸ Back Up Now and Restore from Backup…: native dialogs around the same dispatch the page
 * calls, so the menu takes the same steps (a backup prunes what it now holds) and shows the same
 * messages (never a raw SQLite or file-system error), in the window's language at the time of the click.
 */
export function backupMenuActions(
  dispatch: Dispatch,
  backupFolder: string,
  window: () => BrowserWindow | null,
  locale: () => Locale = () => 'en',
): MenuActions {
  const call = <M extends ApiMethod>(method: M, input: ApiInput<M>) => dispatch(method, input) as Promise<ApiResponse<ApiResult<M>>>
  const parent = () => window() ?? undefined
  const tell = (type: 'info' | 'error', message: string, detail?: string) => tellInDialog(window(), locale(), type, message, detail)
  return {
    backupNow: async () => {
      const t = translator(locale())
      const res = await call('library.backupNow', {})
      await (res.ok
        ? tell('info', t('menu.backup.backedUp'), res.value.path)
        : tell('error', t('menu.backup.backupFailed'), formatError(res.error, locale())))
    },
    restoreFromBackup: async () => {
      const t = translator(locale())
      const win = parent()
      const pickOptions = {
        defaultPath: backupFolder,
        filters: [{ name: t('menu.backup.backupFiles'), extensions: ['sqlite'] }],
        properties: ['openFile' as const],
      }
      const pick = await (win ? dialog.showOpenDialog(win, pickOptions) : dialog.showOpenDialog(pickOptions))
      if (pick.canceled || !pick.filePaths[0]) return
      const options = {
        type: 'warning' as const,
        message: t('menu.backup.restoreQuestion'),
        detail: t('menu.backup.restoreDetail'),
        buttons: [t('menu.backup.restore'), t('menu.backup.cancel')],
        defaultId: 1,
        cancelId: 1,
      }
      const answer = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
      if (answer.response !== 0) return
      const res = await call('library.restore', { name: pick.filePaths[0], confirm: true })
      await (res.ok
        ? tell(
            'info',
            t('menu.backup.restored', { name: res.value.restored }),
            t('menu.backup.restoredDetail', { name: res.value.safetyBackup }),
          )
        : tell('error', t('menu.backup.restoreFailed'), formatError(res.error, locale())))
    },
  }
}
