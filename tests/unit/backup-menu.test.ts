import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createDispatch } from '../../electron/core/dispatch'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

// The electron binary cannot run here: stand in for the dialogs and menu the glue touches.
interface Shown {
  type?: string
  message: string
  detail?: string
}
let shown: Shown[] = []
let waiting: { count: number; done: () => void }[] = []
let picked: string[] = []
let answer = 0
vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (template: unknown) => template },
  shell: {},
  BrowserWindow: class {},
  dialog: {
    showMessageBox: async (options: Shown & { buttons: string[] }) => {
      shown.push({ type: options.type, message: options.message, detail: options.detail })
      for (const w of waiting.filter((w) => shown.length >= w.count)) w.done()
      return { response: options.buttons.length > 1 ? answer : 0 }
    },
    showOpenDialog: async () => ({ canceled: picked.length === 0, filePaths: picked }),
  },
}))

const { appMenuTemplate } = await import('../../electron/main/app-menu')
const { backupMenuActions } = await import('../../electron/main/backup-menu')

/** A library with one story that was deleted for good: its last snapshot waits for a backup to hold it. */
function setup() {
  const core = tempCore()
  const gone = core.stories.create(storyFields.parse(storyInput(core, { title: 'Deleted for good' })), 'draft')
  core.stories.trash(gone.id)
  core.stories.emptyTrash()
  core.stories.create(storyFields.parse(storyInput(core, { title: 'Still here' })), 'draft')
  // The dispatch every caller gets, with its own log: the menu is handed nothing else.
  const dispatch = createDispatch(core)
  const menu = appMenuTemplate(
    core.libraryPath,
    backupMenuActions(dispatch, core.library.backupFolder, () => null),
    false,
  )
  const items = (menu.find((m) => m.label === 'File')!.submenu as { label?: string; click?: () => void }[]).filter((i) => i.label)
  /** Clicks a File menu item and waits for the `messages` it shows; returns the last. */
  const click = async (label: string, messages = 1) => {
    const count = shown.length + messages
    const done = new Promise<void>((resolve) => waiting.push({ count, done: resolve }))
    items.find((i) => i.label === label)!.click!()
    await done
    return shown.at(-1)!
  }
  return { core, gone, click }
}

describe('the File menu’s backups go through the dispatch (issue 10, section 3)', () => {
  beforeEach(() => {
    shown = []
    waiting = []
    picked = []
    answer = 0
  })

  it('Back Up Now takes a backup and then prunes, like the app’s button', async () => {
    const { core, gone, click } = setup()
    expect(core.stories.revisions.list(gone.id)).not.toEqual([])
    const message = await click('Back Up Now')
    expect(message.type).toBe('info')
    expect(message.message).toBe('The library is backed up.')
    const [backup] = core.library.backups()
    expect(message.detail).toBe(backup.path)
    // Once the backup holds them, the last snapshots of the story deleted for good are gone.
    expect(core.stories.revisions.list(gone.id)).toEqual([])
  })

  it('shows the dispatch’s message for a failure, never the raw error', async () => {
    const { core, click } = setup()
    core.close()
    const message = await click('Back Up Now')
    expect(message).toMatchObject({ type: 'error', message: 'The backup failed.' })
    expect(message.detail).toMatch(/^Something went wrong inside Culture Book/)
    expect(message.detail).not.toMatch(/database connection is not open/i)
  })

  it('Restore from Backup… restores the picked backup through the dispatch, and refuses a file that is not one', async () => {
    const { core, click } = setup()
    const backup = await core.library.backupNow()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'After the backup' })), 'draft')
    picked = [backup.path]
    const restored = await click('Restore from Backup…', 2)
    expect(shown.map((m) => m.message)).toEqual(['Restore this backup?', `${backup.name} is restored.`])
    expect(restored.detail).toBe(`What was there before is in ${core.library.backups().find((b) => b.reason === 'before-restore')!.name}.`)
    expect(core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 5 }).items.map((s) => s.title)).toEqual(['Still here'])

    const stranger = join(tempDir(), 'not-a-backup.sqlite')
    writeFileSync(stranger, 'x')
    picked = [stranger]
    const refused = await click('Restore from Backup…', 2)
    expect(refused).toMatchObject({ type: 'error', message: 'The backup could not be restored.' })
    expect(refused.detail).toMatch(/not one of this library’s backups/)
  })

  it('restores nothing when the question is answered Cancel', async () => {
    const { core, click } = setup()
    const backup = await core.library.backupNow()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'After the backup' })), 'draft')
    picked = [backup.path]
    answer = 1
    await click('Restore from Backup…')
    expect(shown.map((m) => m.message)).toEqual(['Restore this backup?'])
    expect(core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 5 }).total).toBe(2)
  })
})
