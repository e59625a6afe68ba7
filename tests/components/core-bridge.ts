import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { ApiResponse, ChangeEvent, ChoosePathPurpose, CultureBridge } from '../../electron/core/api'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import type { PdfPrinter } from '../../electron/core/book/pdf-printer'
import { createDispatch } from '../../electron/core/dispatch'
import { DialogGrants } from '../../electron/core/path-policy'

export interface CoreBridge {
  core: CultureCore
  bridge: CultureBridge
  /** Every call the renderer made, in order, as it crossed the wire. */
  calls: { method: string; input: unknown }[]
  /** What the core answered to each, in order. */
  answers: { method: string; response: ApiResponse<unknown> }[]
  /** What the next `choosePath` dialogs answer; an empty queue is a cancelled dialog. */
  chosenPaths: (string | null)[]
  folder: string
}

const open: CoreBridge[] = []
afterEach(async () => {
  while (open.length) {
    const { core, folder, answers } = open.pop()!
    await core.ready
    if (core.db.open) core.close()
    rmSync(folder, { recursive: true, force: true })
    // A refusal is part of the contract; an unexpected failure never is.
    const unexpected = answers.flatMap(({ method, response }) =>
      !response.ok && /^internal/.test(response.error.code) ? [`${method}: ${response.error.message}`] : [],
    )
    if (unexpected.length) throw new Error(`the core failed unexpectedly: ${unexpected.join('; ')}`)
  }
})

/** What crosses IPC or HTTP is data: no reactive proxies, no class instances, no shared references. */
const wire = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)))

/**
 * `window.culture` as the shells build it, over a real core on a real library file in a temp folder:
 * calls go through the same dispatch (validation, errors as data) and change notices arrive a turn
 * later, as they do over IPC or server-sent events.
 */
export function installCoreBridge(options: { shell?: CultureBridge['shell']; printer?: () => PdfPrinter } = {}): CoreBridge {
  const folder = mkdtempSync(join(tmpdir(), 'culture-book-component-'))
  const shell = options.shell ?? 'electron'
  // As in the desktop app, the core reads or writes only where a dialog answered; browser mode keeps the export folder.
  const grants = new DialogGrants()
  const core = openCore(join(folder, 'library.sqlite'), {
    exportDir: join(folder, 'exports'),
    // The temp folder stands for the user-data folder: settings.json is written there, as the shells do.
    settingsDir: folder,
    // A real printer (Chromium) only where a test prints.
    ...(options.printer ? { printer: options.printer } : {}),
    ...(shell === 'electron' ? { pathPolicy: grants } : {}),
  })
  const dispatch = createDispatch(core)
  const state: CoreBridge = { core, bridge: null!, calls: [], answers: [], chosenPaths: [], folder }
  const bridge: CultureBridge = {
    shell,
    async call(method, input) {
      state.calls.push({ method, input: wire(input) })
      const response = wire(await dispatch(method, wire(input)))
      state.answers.push({ method, response })
      return response as never
    },
    onChange(listener: (event: ChangeEvent) => void) {
      return core.changes.subscribe((event) => setTimeout(() => listener(wire(event))))
    },
    // No window to open links or files in.
    openExternal: async () => {},
    openJobFile: async () => {},
    jobFileUrl: () => null,
    async choosePath(purpose: ChoosePathPurpose) {
      if (shell === 'browser') return null
      const path = state.chosenPaths.shift() ?? null
      if (path) grants.grant(path, purpose === 'markdown-folder' ? 'read' : 'write')
      return path
    },
  }
  state.bridge = bridge
  window.culture = bridge
  open.push(state)
  return state
}
