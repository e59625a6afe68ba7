import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openCore, type CultureCore } from '../core/culture-core'
import { openDemoCore } from '../core/demo/demo-library'
import { createDispatch } from '../core/dispatch'
import { resolveLibraryPath } from '../core/library/library-location'
import { openWithRecovery } from '../core/library/open-with-recovery'
import { checkLibraryFile } from '../core/library/library-check'
import { removeOwnedTempDirs, sweepStaleTempDirs } from '../core/owned-temp'
import { DialogGrants } from '../core/path-policy'
import { DESKTOP_OPTIONS, parseShellArgs, shellUsage, type ShellArgs } from '../core/shell-args'
import { openLogFile } from '../core/log-file'
import { chosenLocale } from '../core/settings/app-settings'
import { readSettings } from '../core/settings/settings-store'
import { keepNativeTheme, windowBackground } from './native-theme'
import { CultureError } from '../core/errors'
import { formatError, translator, type Locale } from '../core/error-text'
import { silentLogger, type Logger } from '../core/logger'
import { workerRebuild } from '../core/search/worker-rebuild'
import { pdfReaderInWorker } from '../core/book/pdf-reader'
import { isTrustedFrame, registerIpc } from './ipc'
import { CHANGE_CHANNEL } from './ipc-channels'
import { electronPrinter } from './electron-printer'
import { openPreviewWindow } from './preview-window'
import { createMainWindow, openExternalSafely, rendererLocation } from './main-window'
import { buildAppMenu, keepAppMenu } from './app-menu'
import { backupMenuActions, tellInDialog } from './backup-menu'
import { electronNativeBinding } from './native-binding'
import { handleAppScheme, registerAppScheme } from './app-protocol'
import { choosePathInDialog } from './path-dialogs'
import { denyAllPermissions } from './session-security'
import { LibraryWindows } from './library-windows'
import { checkTeamServer } from './team-address'
import { openConnectWindow, registerConnectDialog } from './connect-window'
import { PackHandover, registerPackHandover } from './pack-handover'
import { exportLibraryPack } from './library-pack'

const mainDir = dirname(fileURLToPath(import.meta.url))
/** The one library window: the local library's or a team library's (library-windows.ts). */
let libraries: LibraryWindows | null = null
const currentWindow = () => libraries?.window ?? null
/** Paths the user picked in this app's dialogs: the only ones a page may name to the core. */
const grants = new DialogGrants()

/** The languages the system prefers, for "Follow the system". */
const systemLanguages = () => [...app.getPreferredSystemLanguages(), app.getLocale()]

/** What a failure says, in `locale` when it is one of ours. */
const explain = (err: unknown, locale: Locale) => (err instanceof CultureError ? formatError(err, locale) : (err as Error).message)

async function openLibraryOrExplain(args: ShellArgs<typeof DESKTOP_OPTIONS>, log: Logger, locale: Locale): Promise<CultureCore | null> {
  const t = translator(locale)
  const nativeBinding = electronNativeBinding({
    isPackaged: app.isPackaged,
    appRoot: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron,
  })
  const workerPath = join(mainDir, 'search-worker.js')
  const rebuildSearch = (libraryPath: string) => workerRebuild(workerPath, libraryPath, nativeBinding)
  // A CSV import's one long transaction is written there, so the window's calls are answered meanwhile.
  const csvWriteWorker = join(mainDir, 'csv-write-worker.js')
  // The library's integrity check before it opens, and backups' copies, run there.
  const libraryWorker = join(mainDir, 'library-worker.js')
  const books = {
    printer: electronPrinter,
    // A printed book's page numbers are read in a worker thread: pdf-lib takes seconds on a thick one.
    readPdf: pdfReaderInWorker(join(mainDir, 'pdf-worker.js')),
    exportDir: join(app.getPath('documents'), 'Culture Book'),
    pathPolicy: grants,
    log,
    settingsDir: app.getPath('userData'),
    // A new library's core values start in the chosen language, or the system's.
    systemLanguages: systemLanguages(),
  }
  let declined = false
  try {
    if (args.demo) return openDemoCore({ nativeBinding, rebuildSearch, csvWriteWorker, ...books })
    const path = resolveLibraryPath(args.library, process.env, app.getPath('userData'))
    // The integrity check reads the whole file (a third of a second at 50,000 stories): in a worker thread.
    const checked = await checkLibraryFile(libraryWorker, path, nativeBinding)
    const open = (p: string) =>
      openCore(p, {
        owner: 'the desktop app',
        nativeBinding,
        checked,
        rebuildSearch: rebuildSearch(p),
        csvWriteWorker,
        libraryWorker,
        ...books,
      })
    return openWithRecovery(path, open, {
      nativeBinding,
      // Offer the newest good backup; the file that failed is kept beside it, never deleted.
      restoreNewest: (problem) => {
        const buttons = [t('menu.startup.restoreNewest'), t('menu.quit')]
        declined =
          dialog.showMessageBoxSync({
            type: 'error',
            message: t('menu.startup.cannotOpen'),
            detail: explain(problem, locale),
            buttons,
            defaultId: 0,
            cancelId: 1,
          }) !== 0
        return !declined
      },
    }).core
  } catch (err) {
    log.error({ err }, 'The library could not be opened')
    // Quit was the user's answer to the same message: nothing more to say.
    if (!declined) dialog.showErrorBox(t('menu.startup.cannotOpen'), explain(err, locale))
    return null
  }
}

/** Only files this run exported can be opened: the renderer names a job, never a path. */
async function openJobFile(core: CultureCore, jobId: string, action: 'open' | 'show' | 'preview'): Promise<void> {
  const path = core.jobFile(jobId)
  if (!path) return
  if (action === 'show') shell.showItemInFolder(path)
  else if (action === 'preview') openPreviewWindow(path, currentWindow())
  else await shell.openPath(path)
}

async function start(): Promise<void> {
  // Unexpected failures in full, each under the reference id the window shows: <user data>/logs/desktop.<date>.<n>.log
  const log = await openLogFile(app.getPath('userData'), 'desktop')
  process.on('uncaughtExceptionMonitor', (err) => log.error({ err }, 'Uncaught exception'))
  // The language chosen in Settings, read before any library is open so that even its failure is told in it.
  const startLocale = chosenLocale(readSettings(app.getPath('userData'), log).language, systemLanguages())
  denyAllPermissions(session.defaultSession)
  handleAppScheme(join(mainDir, '../renderer'))
  // Demo libraries and book previews that a crashed run left in the temp folder.
  sweepStaleTempDirs()
  let args: ShellArgs<typeof DESKTOP_OPTIONS>
  try {
    // Electron and Chromium take switches of their own: options not ours are let through.
    args = parseShellArgs(process.argv.slice(1), DESKTOP_OPTIONS, { strict: false })
  } catch (err) {
    dialog.showErrorBox(translator(startLocale)('menu.startup.cannotStart'), explain(err, startLocale))
    app.exit(1)
    return
  }
  if (args.help) {
    console.log(shellUsage('culture-book', DESKTOP_OPTIONS))
    app.exit(0)
    return
  }
  const core = await openLibraryOrExplain(args, log, startLocale)
  if (!core) {
    app.exit(1)
    return
  }
  const rendererUrl = rendererLocation(app.isPackaged)
  // One dispatch for the page and the menu: the same checks, the same steps, the same messages.
  const dispatch = createDispatch(core)
  registerIpc(
    dispatch,
    rendererUrl,
    openExternalSafely,
    (jobId, action) => openJobFile(core, jobId, action),
    (purpose) => choosePathInDialog(purpose, grants, currentWindow(), core.exportDir),
  )
  core.changes.subscribe((change) => {
    // Only to the local library's own page: a team library's window hears nothing of the local library.
    for (const win of BrowserWindow.getAllWindows()) {
      if (isTrustedFrame(win.webContents.mainFrame, rendererUrl)) win.webContents.send(CHANGE_CHANNEL, change)
    }
  })
  // The menu speaks the language chosen in Settings (or the system's), and is rebuilt when it changes.
  const menuLocale = () => chosenLocale(core.settings.get().language, systemLanguages())
  const actions = backupMenuActions(dispatch, core.library.backupFolder, currentWindow, menuLocale)
  keepNativeTheme(core.changes, () => core.settings.get().theme)

  // What the local window and a team library's window share: bounds, DevTools, colours, the leave question.
  const windowBase = () => ({
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    devTools: !app.isPackaged,
    backgroundColor: windowBackground(),
    leaveTexts: () => {
      const t = translator(menuLocale())
      return {
        question: t('menu.leave.question'),
        detail: t('menu.leave.detail'),
        leave: t('menu.leave.leave'),
        stay: t('menu.leave.stay'),
      }
    },
  })
  const handover = new PackHandover()
  registerPackHandover(handover)
  const windows = new LibraryWindows({
    choiceFile: join(app.getPath('userData'), 'team-libraries.json'),
    localTitle: core.isDemo ? 'Culture Book (demo library)' : `Culture Book — ${basename(core.libraryPath)}`,
    openLocal: (title) => createMainWindow({ ...windowBase(), preloadPath: join(mainDir, '../preload/index.cjs'), rendererUrl, title }),
    teamPreloadPath: join(mainDir, '../preload/team.cjs'),
    teamBase: windowBase,
    check: (origin) => checkTeamServer(origin),
    explain: (err) => explain(err, menuLocale()),
    tell: (what, problem) => {
      const t = translator(menuLocale())
      const message = t(what === 'upload' ? 'menu.team.uploadFailed' : 'menu.team.openFailed')
      const detail = what === 'localInstead' ? t('menu.team.localInstead', { problem }) : problem
      void tellInDialog(currentWindow(), menuLocale(), 'error', message, detail)
    },
    changed: () => Menu.setApplicationMenu(buildMenu()),
  })
  libraries = windows
  registerConnectDialog((typed) => windows.connect(typed))
  const teamMenu = () => ({
    open: windows.teamOrigin,
    recent: windows.recent,
    connect: () =>
      openConnectWindow({
        parent: currentWindow(),
        preloadPath: join(mainDir, '../preload/connect.cjs'),
        locale: menuLocale(),
        recent: windows.recent,
      }),
    openTeam: (origin: string) => void windows.openRecent(origin),
    openLocal: () => windows.showLocal(),
    upload: () => windows.upload(() => exportLibraryPack(dispatch, core.changes, (id) => core.jobFile(id)), handover),
  })
  const buildMenu = () => buildAppMenu(core.libraryPath, actions, !app.isPackaged, menuLocale(), teamMenu())
  keepAppMenu(core.changes, buildMenu)

  await windows.openLast()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void windows.openLast()
  })
  app.on('will-quit', () => {
    core.close()
    // The demo library and the book previews live in the temp folder only while the app runs.
    removeOwnedTempDirs()
  })
}

// Before ready: the app scheme must be privileged before any session exists.
registerAppScheme()
// Chromium draws date fields and its own dialogs in its UI language, fixed at start: a language
// pinned in Settings takes effect there from the next launch ("Follow the system" needs nothing).
const pinned = readSettings(app.getPath('userData'), silentLogger).language
if (pinned !== 'system') app.commandLine.appendSwitch('lang', pinned)

// Every session, the print session too, refuses every permission request and check.
app.on('session-created', denyAllPermissions)

// One process owns the library file; a second launch just brings the first window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const mainWindow = currentWindow()
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  void app.whenReady().then(start)
}
