import { Menu, shell, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  backupNow(): void
  restoreFromBackup(): void
}

/** The menu's items; DevTools only in development (`devTools` is `!app.isPackaged`). */
export function appMenuTemplate(libraryPath: string, actions: MenuActions, devTools: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Show Library File', click: () => shell.showItemInFolder(libraryPath) },
        { label: 'Back Up Now', click: () => actions.backupNow() },
        { label: 'Restore from Backup…', click: () => actions.restoreFromBackup() },
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
