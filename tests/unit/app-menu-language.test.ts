/**
 * The desktop menu and its backup dialogs speak the language chosen in Settings, and the menu is
 * rebuilt when that choice changes (issue 11).
 */
import type { MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createDispatch } from '../../electron/core/dispatch'
import { chosenLocale } from '../../electron/core/settings/app-settings'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore } from './temp-library'

interface Shown {
  type?: string
  message: string
  detail?: string
  buttons: string[]
}
let shown: Shown[] = []
let menus: MenuItemConstructorOptions[][] = []
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: MenuItemConstructorOptions[]) => menus.push(menu),
  },
  shell: {},
  BrowserWindow: class {},
  dialog: {
    showMessageBox: async (options: Shown) => {
      shown.push(options)
      return { response: 1 }
    },
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  },
}))

const { appMenuTemplate, buildAppMenu, keepAppMenu } = await import('../../electron/main/app-menu')
const { backupMenuActions } = await import('../../electron/main/backup-menu')

const actions = { backupNow: () => {}, restoreFromBackup: () => {} }

/** Every label in the menu, submenus included. */
function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...(Array.isArray(item.submenu) ? labels(item.submenu as MenuItemConstructorOptions[]) : []),
  ])
}

/** Every item with a role but no label of ours would be labelled by Electron in the system's language. */
function unlabelled(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role && !item.label && item.role !== 'appMenu' ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? unlabelled(item.submenu as MenuItemConstructorOptions[]) : []),
  ])
}

describe('the desktop menu in the chosen language', () => {
  beforeEach(() => {
    shown = []
    menus = []
  })

  it('labels every item in Danish, and in Swedish', () => {
    const da = appMenuTemplate('/library.sqlite', actions, true, 'da')
    expect(da.map((m) => m.label).filter(Boolean)).toEqual(['Filer', 'Rediger', 'Vis', 'Vindue'])
    expect(labels(da)).toEqual(
      expect.arrayContaining([
        'Vis biblioteksfilen',
        'Tag sikkerhedskopi nu',
        'Gendan fra sikkerhedskopi…',
        'Kopiér',
        'Sæt ind',
        'Zoom ind',
      ]),
    )
    expect(unlabelled(da)).toEqual([])
    const sv = appMenuTemplate('/library.sqlite', actions, true, 'sv')
    expect(sv.map((m) => m.label).filter(Boolean)).toEqual(['Arkiv', 'Redigera', 'Visa', 'Fönster'])
    expect(labels(sv)).toEqual(expect.arrayContaining(['Säkerhetskopiera nu', 'Återställ från säkerhetskopia…', 'Klistra in']))
    // No label is left as the English one (a few words such as "Zoom" read the same in Danish).
    const english = new Set(labels(appMenuTemplate('/library.sqlite', actions, true, 'en')))
    expect(labels(sv).filter((l) => english.has(l))).toEqual([])
    expect(labels(da).filter((l) => english.has(l) && l !== 'Zoom')).toEqual([])
  })

  it('is rebuilt in the new language when Settings changes it', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const locale = () => chosenLocale(core.settings.get().language, ['en-GB'])
    keepAppMenu(core.changes, () => buildAppMenu(core.libraryPath, actions, false, locale()) as unknown as never)
    expect(menus.at(-1)![0].label).toBe('File')
    await dispatch('settings.update', { language: 'da' })
    expect(menus.at(-1)![0].label).toBe('Filer')
    await dispatch('settings.update', { language: 'system' })
    expect(menus.at(-1)![0].label).toBe('File')
    expect(menus).toHaveLength(3)
  })

  it('asks and answers the backup dialogs in the chosen language, the core’s messages included', async () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    const dispatch = createDispatch(core)
    await dispatch('settings.update', { language: 'sv' })
    const menuActions = backupMenuActions(
      dispatch,
      core.library.backupFolder,
      () => null,
      () => chosenLocale(core.settings.get().language, []),
    )
    await menuActions.backupNow()
    expect(shown.at(-1)).toMatchObject({ type: 'info', message: 'Biblioteket är säkerhetskopierat.', buttons: ['OK'] })
    core.close()
    await menuActions.backupNow()
    expect(shown.at(-1)).toMatchObject({ type: 'error', message: 'Säkerhetskopieringen misslyckades.' })
    expect(shown.at(-1)!.detail).toMatch(/^Något gick fel/)
  })
})
