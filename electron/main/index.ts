import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openCore, type CultureCore } from '../core/culture-core'
import { openDemoCore } from '../core/demo/demo-library'
import { createDispatch } from '../core/dispatch'
import { listBackups, readonlyOpener, recoverFromNewestBackup } from '../core/library/backups'
import { resolveLibraryPath } from '../core/library/library-location'
import { RecoverableLibraryError } from '../core/library/open-library'
import { removeOwnedTempDirs, sweepStaleTempDirs } from '../core/owned-temp'
import { DialogGrants } from '../core/path-policy'
import { workerRebuild } from '../core/search/worker-rebuild'
import { registerIpc } from './ipc'
import { CHANGE_CHANNEL } from './ipc-channels'
import { electronPrinter } from './electron-printer'
import { openPreviewWindow } from './preview-window'
import { createMainWindow, openExternalSafely, rendererLocation } from './main-window'
import { buildAppMenu } from './app-menu'
import { backupMenuActions } from './backup-menu'
import { electronNativeBinding } from './native-binding'
import { handleAppScheme, registerAppScheme } from './app-protocol'
import { choosePathInDialog } from './path-dialogs'
import { denyAllPermissions } from './session-security'

const mainDir = dirname(fileURLToPath(import.meta.url))
let mainWindow: BrowserWindow | null = null
/** Paths the user picked in this app's dialogs: the only ones a page may name to the core. */
const grants = new DialogGrants()

function openLibraryOrExplain(): CultureCore | null {
  const nativeBinding = electronNativeBinding({
    isPackaged: app.isPackaged,
    appRoot: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron,
  })
  const workerPath = join(mainDir, 'search-worker.js')
  const rebuildSearch = (libraryPath: string) => workerRebuild(workerPath, libraryPath, nativeBinding)
  const books = { printer: electronPrinter, exportDir: join(app.getPath('documents'), 'Culture Book'), pathPolicy: grants }
  const demo = process.argv.includes('--demo')
  const path = demo ? null : resolveLibraryPath(process.argv, process.env, app.getPath('userData'))
  const open = () =>
    path ? openCore(path, { owner: 'the desktop app', nativeBinding, rebuildSearch: rebuildSearch(path), ...books }) : openDemoCore({ nativeBinding, rebuildSearch, ...books })
  try {
    return open()
  } catch (err) {
    const message = (err as Error).message
    if (!path || !(err instanceof RecoverableLibraryError) || !listBackups(path).length) {
      dialog.showErrorBox('Culture Book cannot open its library', message)
      return null
    }
    // Offer the newest good backup; the file that failed is kept beside it, never deleted.
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      message: 'Culture Book cannot open its library',
      detail: message,
      buttons: ['Restore the newest backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    })
    if (choice !== 0) return null
    try {
      recoverFromNewestBackup(path, readonlyOpener(nativeBinding))
      return open()
    } catch (again) {
      dialog.showErrorBox('Culture Book cannot open its library', (again as Error).message)
      return null
    }
  }
}

/** Only files this run exported can be opened: the renderer names a job, never a path. */
async function openJobFile(core: CultureCore, jobId: string, action: 'open' | 'show' | 'preview'): Promise<void> {
  const job = core.jobs.get(jobId)
  const path = (job.result as { path?: string } | undefined)?.path
  if (job.state !== 'done' || !path) return
  if (action === 'show') shell.showItemInFolder(path)
  else if (action === 'preview') openPreviewWindow(path, mainWindow)
  else await shell.openPath(path)
}

function start(): void {
  denyAllPermissions(session.defaultSession)
  handleAppScheme(join(mainDir, '../renderer'))
  // Demo libraries and book previews that a crashed run left in the temp folder.
  sweepStaleTempDirs()
  const core = openLibraryOrExplain()
  if (!core) {
    app.exit(1)
    return
  }
  const rendererUrl = rendererLocation(app.isPackaged)
  registerIpc(
    createDispatch(core),
    rendererUrl,
    openExternalSafely,
    (jobId, action) => openJobFile(core, jobId, action),
    (purpose) => choosePathInDialog(purpose, grants, mainWindow, core.exportDir),
  )
  core.changes.subscribe((change) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(CHANGE_CHANNEL, change)
  })
  Menu.setApplicationMenu(buildAppMenu(core.libraryPath, backupMenuActions(core, () => mainWindow), !app.isPackaged))

  const open = () => {
    mainWindow = createMainWindow({
      preloadPath: join(mainDir, '../preload/index.cjs'),
      rendererUrl,
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      title: core.isDemo ? 'Culture Book (demo library)' : 'Culture Book',
      devTools: !app.isPackaged,
    })
    mainWindow.on('closed', () => (mainWindow = null))
  }
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
  app.on('will-quit', () => {
    core.close()
    // The demo library and the book previews live in the temp folder only while the app runs.
    removeOwnedTempDirs()
  })
}

// Before ready: the app scheme must be privileged before any session exists.
registerAppScheme()
// Every session, the print session too, refuses every permission request and check.
app.on('session-created', denyAllPermissions)

// One process owns the library file; a second launch just brings the first window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
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
