import type { BrowserWindow } from 'electron'
import { readLibraryChoice, rememberLibraryChoice } from './library-choice'
import type { PackHandover, PendingPack } from './pack-handover'
import { parseTeamAddress } from './team-address'
import { createTeamWindow, type TeamWindowBase } from './team-window'

export interface LibraryWindowsOptions {
  /** userData/team-libraries.json: what was open last, and the recent team libraries. */
  choiceFile: string
  /** The local library's window, titled `title` (it has the local bridge). */
  openLocal(title: string): BrowserWindow
  /** "Culture Book — <the library file's name>". */
  localTitle: string
  /** The team window's preload: the pack handover only. */
  teamPreloadPath: string
  teamBase(): TeamWindowBase
  /** Asks the address whether a Culture Book team server answers there (checkTeamServer); throws what is wrong. */
  check(origin: string): Promise<unknown>
  /** A failure in the menu's language. */
  explain(err: unknown): string
  /**
   * Tells the person what failed (a native message box): a team library that did not open (`localInstead`:
   * the local one opened in its place), or an upload.
   */
  tell(what: 'open' | 'localInstead' | 'upload', problem: string): void
  /** What is open changed: the menu's items follow it. */
  changed(): void
}

/**
 * The one library window: the local library's, or a team library's (its server's own pages in a
 * window safe for remote content, team-window.ts). Switching opens the other and closes this one,
 * and is remembered, so the app reopens what was open last.
 */
export class LibraryWindows {
  window: BrowserWindow | null = null
  /** `'local'`, or the origin of the team library shown. */
  showing: string = 'local'

  constructor(private options: LibraryWindowsOptions) {}

  /** The team libraries opened before, newest first. */
  get recent(): string[] {
    return readLibraryChoice(this.options.choiceFile).recent
  }

  get teamOrigin(): string | null {
    return this.showing === 'local' ? null : this.showing
  }

  /** At start (and on a Mac's dock click with no window): what was open last. An unreachable team library gives way to the local one, with why. */
  async openLast(): Promise<void> {
    const { open } = readLibraryChoice(this.options.choiceFile)
    if (open === 'local') return this.showLocal()
    const problem = await this.problemWith(open)
    if (problem === null) return this.showTeam(open)
    this.showLocal()
    this.options.tell('localInstead', problem)
  }

  showLocal(): void {
    if (this.showing === 'local' && this.window) return this.window.focus()
    this.replace('local', () => this.options.openLocal(this.options.localTitle))
  }

  /** The team library at `origin`, at `path` of its pages. */
  showTeam(origin: string, path = '/'): void {
    if (this.showing === origin && this.window) {
      this.window.focus()
      if (path !== '/') void this.window.loadURL(new URL(path, origin).href)
      return
    }
    this.replace(origin, () => createTeamWindow(origin, this.options.teamPreloadPath, this.options.teamBase(), path))
  }

  /** File ▸ Connect to Team Library…: the address as typed. Null when it opened, else the problem in words. */
  async connect(typed: string): Promise<string | null> {
    let origin: string
    try {
      origin = parseTeamAddress(typed)
    } catch (err) {
      return this.options.explain(err)
    }
    const problem = await this.problemWith(origin)
    if (problem === null) this.showTeam(origin)
    return problem
  }

  /** File ▸ Recent Team Libraries ▸ one of them: checked first like a typed address, told like a failed reopen. */
  async openRecent(origin: string): Promise<void> {
    const problem = await this.connect(origin)
    if (problem !== null) this.options.tell('open', problem)
  }

  /**
   * File ▸ Upload This Library to the Team Library…: the local library as a pack, offered to the team
   * window shown now, whose import view then opens and takes it (with its usual preview).
   */
  async upload(prepare: () => Promise<PendingPack>, handover: PackHandover): Promise<void> {
    const origin = this.teamOrigin
    const win = this.window
    if (!origin || !win) return
    let pack: PendingPack
    try {
      pack = await prepare()
    } catch (err) {
      this.options.tell('upload', this.options.explain(err))
      return
    }
    // The person may have switched library while the pack was written: it goes nowhere else.
    if (this.window !== win || win.isDestroyed()) return
    handover.offer(origin, win.webContents.id, pack)
    win.focus()
    void win.loadURL(new URL('/#/library', origin).href)
  }

  private async problemWith(origin: string): Promise<string | null> {
    try {
      await this.options.check(origin)
      return null
    } catch (err) {
      return this.options.explain(err)
    }
  }

  private replace(showing: string, open: () => BrowserWindow): void {
    const before = this.window
    const win = open()
    this.window = win
    this.showing = showing
    win.on('closed', () => {
      if (this.window === win) this.window = null
    })
    try {
      rememberLibraryChoice(this.options.choiceFile, showing)
    } catch {
      // Remembering is a convenience: the window opens all the same.
    }
    // The window it replaces asks first if an editor in it has unsaved changes (main-window.ts).
    if (before && !before.isDestroyed()) before.close()
    this.options.changed()
  }
}
