import { basename, dirname, sep } from 'node:path'

/** Where a team server keeps its files: the library's folder (its backups too) and the export folder. */
export interface ServerFolders {
  libraryPath: string
  exportDir: string
}

/** The keys answers name a server file or folder under: a job's result, a backup, an error's parameters. */
const PATH_KEYS = new Set(['path', 'folder'])

/**
 * What a team server's people see of its files: a file's name, never where the server keeps it
 * (they download it by its job, /api/files/:jobId). Only a `path` or `folder` inside the server's
 * folders is touched; story text, link paths and anything else are answered as they are. Objects
 * are copied only where something changed, so most answers come back as they were.
 */
export function serverPathsHidden<T>(value: T, folders: ServerFolders): T {
  const roots = [dirname(folders.libraryPath), folders.exportDir]
  const onServer = (text: string) => roots.some((root) => text === root || text.startsWith(root.endsWith(sep) ? root : root + sep))
  const hide = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const items = node.map(hide)
      return items.some((item, i) => item !== node[i]) ? items : node
    }
    if (!node || typeof node !== 'object') return node
    let copy: Record<string, unknown> | null = null
    for (const [key, field] of Object.entries(node)) {
      const hidden = PATH_KEYS.has(key) && typeof field === 'string' ? (onServer(field) ? basename(field) : field) : hide(field)
      if (hidden !== field) (copy ??= { ...node })[key] = hidden
    }
    return copy ?? node
  }
  return hide(value) as T
}
