import { Menu, shell, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  backupNow(): void
  restoreFromBackup(): void
}

export function buildAppMenu(libraryPath: string, actions: MenuActions): Menu {
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
        { role: 'toggleDevTools' },
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
  return Menu.buildFromTemplate(template)
}
