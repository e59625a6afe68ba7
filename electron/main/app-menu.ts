import { Menu, shell, type MenuItemConstructorOptions } from 'electron'
import type { ChangeEvent } from '../core/api'
import { translator, type Locale } from '../core/error-text'
import { teamLibraryName } from './team-address'

/** What File ▸ Back Up Now and Restore from Backup… do; each settles once its last dialog is shown. */
export interface MenuActions {
  backupNow(): void | Promise<void>
  restoreFromBackup(): void | Promise<void>
}

/** File's items for team libraries: what is open decides what is enabled. */
export interface TeamMenu {
  /** The team library shown now (its origin), or null for the local one. */
  open: string | null
  /** Team libraries opened before, newest first. */
  recent: readonly string[]
  connect(): void
  openTeam(origin: string): void
  openLocal(): void
  upload(): void | Promise<void>
}

function teamItems(team: TeamMenu, t: ReturnType<typeof translator>): MenuItemConstructorOptions[] {
  return [
    { label: t('menu.team.connect'), click: () => team.connect() },
    ...(team.recent.length
      ? [
          {
            label: t('menu.team.recent'),
            submenu: team.recent.map((origin) => ({
              label: teamLibraryName(origin),
              type: 'checkbox' as const,
              checked: origin === team.open,
              click: () => team.openTeam(origin),
            })),
          },
        ]
      : []),
    { label: t('menu.team.switchToLocal'), enabled: team.open !== null, click: () => team.openLocal() },
    { label: t('menu.team.upload'), enabled: team.open !== null, click: () => void team.upload() },
    { type: 'separator' },
  ]
}

/**
 * The menu's items in the window's language (the core catalogue's `menu` section); DevTools only in
 * development (`devTools` is `!app.isPackaged`). Items Electron fills in by role get our label too,
 * since Electron's own would follow the system's language rather than the one chosen in Settings.
 */
export function appMenuTemplate(
  libraryPath: string,
  actions: MenuActions,
  devTools: boolean,
  locale: Locale = 'en',
  team?: TeamMenu,
): MenuItemConstructorOptions[] {
  const t = translator(locale)
  const mac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: t('menu.file'),
      submenu: [
        ...(team ? teamItems(team, t) : []),
        { label: t('menu.showLibraryFile'), click: () => shell.showItemInFolder(libraryPath) },
        { label: t('menu.backUpNow'), click: () => void actions.backupNow() },
        { label: t('menu.restoreFromBackup'), click: () => void actions.restoreFromBackup() },
        { type: 'separator' },
        mac ? { role: 'close', label: t('menu.closeWindow') } : { role: 'quit', label: t('menu.quit') },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        { role: 'undo', label: t('menu.undo') },
        { role: 'redo', label: t('menu.redo') },
        { type: 'separator' },
        { role: 'cut', label: t('menu.cut') },
        { role: 'copy', label: t('menu.copy') },
        { role: 'paste', label: t('menu.paste') },
        { role: 'selectAll', label: t('menu.selectAll') },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        { role: 'reload', label: t('menu.reload') },
        ...(devTools ? [{ role: 'toggleDevTools' as const, label: t('menu.toggleDevTools') }] : []),
        { type: 'separator' },
        { role: 'resetZoom', label: t('menu.resetZoom') },
        { role: 'zoomIn', label: t('menu.zoomIn') },
        { role: 'zoomOut', label: t('menu.zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('menu.toggleFullScreen') },
      ],
    },
    {
      role: 'window',
      label: t('menu.window'),
      submenu: [
        { role: 'minimize', label: t('menu.minimize') },
        ...(mac ? [{ role: 'zoom' as const, label: t('menu.zoom') }] : [{ role: 'close' as const, label: t('menu.close') }]),
      ],
    },
  ]
  return template
}

export function buildAppMenu(libraryPath: string, actions: MenuActions, devTools: boolean, locale: Locale = 'en', team?: TeamMenu): Menu {
  return Menu.buildFromTemplate(appMenuTemplate(libraryPath, actions, devTools, locale, team))
}

/** Sets the application menu now, and again whenever Settings changes (its language may have). */
export function keepAppMenu(changes: { subscribe(listener: (change: ChangeEvent) => void): () => void }, build: () => Menu): () => void {
  Menu.setApplicationMenu(build())
  return changes.subscribe((change) => {
    if (change.topic === 'settings') Menu.setApplicationMenu(build())
  })
}
