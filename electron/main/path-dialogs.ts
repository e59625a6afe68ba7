import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import { join } from 'node:path'
import type { ChoosePathPurpose } from '../core/api'
import type { DialogGrants } from '../core/path-policy'

/**
 * Asks the user for a path in a native dialog, and grants the core the right to use exactly that
 * path for a short while. This is the only way a path named by the page is accepted in the desktop app.
 */
export async function choosePathInDialog(
  purpose: ChoosePathPurpose,
  grants: DialogGrants,
  parent: BrowserWindow | null,
  exportDir: string,
): Promise<string | null> {
  if (purpose === 'markdown-folder') {
    const options: OpenDialogOptions = { title: 'Import a Markdown folder', defaultPath: exportDir, properties: ['openDirectory'] }
    const pick = await (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options))
    const folder = pick.canceled ? undefined : pick.filePaths[0]
    if (!folder) return null
    grants.grant(folder, 'read')
    return folder
  }
  const ext = purpose === 'save-pdf' ? 'pdf' : 'html'
  const options: SaveDialogOptions = {
    title: 'Save the book',
    defaultPath: join(exportDir, `culture-book.${ext}`),
    filters: [{ name: ext === 'pdf' ? 'PDF document' : 'Web page', extensions: [ext] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  }
  const pick = await (parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options))
  if (pick.canceled || !pick.filePath) return null
  // The contract wants the format's extension; a name typed without one gets it.
  const path = pick.filePath.toLowerCase().endsWith(`.${ext}`) ? pick.filePath : `${pick.filePath}.${ext}`
  grants.grant(path, 'write')
  return path
}
