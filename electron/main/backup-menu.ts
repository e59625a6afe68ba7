import { BrowserWindow, dialog } from 'electron'
import type { CultureCore } from '../core/culture-core'
import { backupDir, takeBackup } from '../core/library/backups'
import { restoreBackup } from '../core/library/restore-backup'
import type { MenuActions } from './app-menu'

/** File ▸ Back Up Now and Restore from Backup…, with native dialogs around the core's backups. */
export function backupMenuActions(core: CultureCore, window: () => BrowserWindow | null): MenuActions {
  const parent = () => window() ?? undefined
  const tell = (type: 'info' | 'error', message: string, detail?: string) => {
    const win = parent()
    const options = { type, message, detail, buttons: ['OK'] }
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
  }
  return {
    backupNow: () => {
      takeBackup(core.db, core.libraryPath, 'manual').then(
        (b) => tell('info', 'The library is backed up.', b.path),
        (err) => tell('error', 'The backup failed.', (err as Error).message),
      )
    },
    restoreFromBackup: async () => {
      const win = parent()
      const pick = await (win
        ? dialog.showOpenDialog(win, { defaultPath: backupDir(core.libraryPath), filters: [{ name: 'Library backups', extensions: ['sqlite'] }], properties: ['openFile'] })
        : dialog.showOpenDialog({ defaultPath: backupDir(core.libraryPath), properties: ['openFile'] }))
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
      try {
        const { restored, safety } = await restoreBackup(core.db, core.libraryPath, pick.filePaths[0])
        core.afterRestore()
        tell('info', `${restored.name} is restored.`, `What was there before is in ${safety.name}.`)
      } catch (err) {
        tell('error', 'The backup could not be restored.', (err as Error).message)
      }
    },
  }
}
