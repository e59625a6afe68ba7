import { Menu, shell, type MenuItemConstructorOptions } from 'electron'

/** What File ▸ Back Up Now and Restore from Backup… do; each settles once its last dialog is shown. */
export interface MenuActions {
  backupNow(): void | Promise<void>
  restoreFromBackup(): void | Promise<void>
}

/** The menu's items; DevTools only in development (`devTools` is `!app.isPackaged`). */
export function appMenuTemplate(libraryPath: string, actions: MenuActions, devTools: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Show Library File', click: () => shell.showItemInFolder(libraryPath) },
        { label: 'Back Up Now', click: () => void actions.backupNow() },
        { label: 'Restore from Backup…', click: () => void actions.restoreFromBackup() },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
  return template
}

export function buildAppMenu(libraryPath: string, actions: MenuActions, devTools: boolean): Menu {
  return Menu.buildFromTemplate(appMenuTemplate(libraryPath, actions, devTools))
}
