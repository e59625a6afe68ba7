/**
 * What the palette opened or ran last, newest first, so an empty palette offers it again. Kept in
 * localStorage: it is this window's convenience, not the library's data, and losing it costs nothing.
 */
export type Recent = { kind: 'story'; id: string; title: string } | { kind: 'action'; id: string }

const KEY = 'culture-book.palette-recents'
export const MAX_RECENTS = 8

function isRecent(item: unknown): item is Recent {
  if (typeof item !== 'object' || item === null) return false
  const { kind, id, title } = item as Record<string, unknown>
  return typeof id === 'string' && (kind === 'action' || (kind === 'story' && typeof title === 'string'))
}

export function readRecents(): Recent[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(stored) ? stored.filter(isRecent).slice(0, MAX_RECENTS) : []
  } catch {
    // Unreadable or no storage: nothing recent.
    return []
  }
}

/** Puts `item` first (once), keeps the newest MAX_RECENTS, and returns the list. */
export function remember(item: Recent): Recent[] {
  const list = [item, ...readRecents().filter((r) => r.kind !== item.kind || r.id !== item.id)].slice(0, MAX_RECENTS)
  try {
    localStorage.setItem(KEY, JSON.stringify(list))
  } catch {
    // A window without storage simply remembers nothing.
  }
  return list
}
