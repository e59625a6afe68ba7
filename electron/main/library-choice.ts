import { readJsonFile, writeJsonFile } from './json-file'
import { parseTeamAddress } from './team-address'

/** How many team libraries File ▸ Recent Team Libraries lists. */
const RECENT_LIMIT = 8

/** Which library the window showed last (`'local'` or a team library's origin), and the team libraries opened before, newest first. */
export interface LibraryChoice {
  open: 'local' | string
  recent: string[]
}

const LOCAL: LibraryChoice = { open: 'local', recent: [] }

/** An origin as parseTeamAddress gives it, or null: the file is ours, but a hand-edited one must not open anything else. */
function origin(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const parsed = parseTeamAddress(value)
    return parsed === value ? parsed : null
  } catch {
    return null
  }
}

/** The choice remembered in `file` (userData/team-libraries.json); a missing or broken file means the local library. */
export function readLibraryChoice(file: string): LibraryChoice {
  const saved = readJsonFile(file) as { open?: unknown; recent?: unknown } | null
  if (!saved || typeof saved !== 'object') return LOCAL
  const recent = Array.isArray(saved.recent) ? saved.recent.map(origin).filter((o): o is string => o !== null) : []
  const open = origin(saved.open)
  return { open: open ?? 'local', recent: [...new Set(recent)].slice(0, RECENT_LIMIT) }
}

/** Remembers what is open now; a team library moves to the top of the recent ones. Written whole or not at all. */
export function rememberLibraryChoice(file: string, open: 'local' | string): LibraryChoice {
  const before = readLibraryChoice(file)
  const recent = open === 'local' ? before.recent : [open, ...before.recent.filter((o) => o !== open)].slice(0, RECENT_LIMIT)
  const choice = { open, recent }
  writeJsonFile(file, choice)
  return choice
}
