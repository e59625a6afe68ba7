import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CultureError, fieldIssue } from '../errors'
import { MARKDOWN_FOLDER_MAX_BYTES } from './markdown-folder'
import type { Steps } from './slices'
import { inflateEntry, ZipProblem, zipEntries } from './zip-reader'

/** A story folder is a few hundred files; past this an upload is not a story folder. */
export const MARKDOWN_UPLOAD_MAX_FILES = 5000
const LIMIT_MB = MARKDOWN_FOLDER_MAX_BYTES / (1024 * 1024)

/** A name inside the folder: relative, '/'-separated, with no way out of it and nothing a file system reads specially. */
function safeName(name: string): boolean {
  const parts = name.split('/')
  return (
    name.length > 0 &&
    name.length <= 1000 &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    !/^[A-Za-z]:/.test(name) &&
    parts.every((part, i) => part !== '..' && part !== '.' && (part !== '' || i === parts.length - 1))
  )
}

/** The one folder every name lies in (a browser names picked files by the picked folder first), or ''. */
function commonRoot(names: string[]): string {
  const first = names[0]?.split('/')[0] ?? ''
  return names.length > 0 && names.every((n) => n.startsWith(`${first}/`)) ? first : ''
}

/**
 * A Markdown folder as browser mode uploads it (the page zips the files the user picked), unpacked
 * into `folder` a file per step, so the folder reader then applies its own rules to it as to any
 * folder. The zip's names, count and declared sizes are checked before anything is inflated, and
 * each file is inflated only up to what the folder limit leaves. Returns the folder to read: the
 * picked one inside `folder`.
 */
export function* unpackUploadedFolder(bytes: Uint8Array, folder: string): Steps<string> {
  try {
    const entries = zipEntries(bytes).filter((e) => !e.name.endsWith('/'))
    const unsafe = entries.find((e) => !safeName(e.name))
    if (unsafe) throw new CultureError('markdown.uploadUnsafeName', { name: unsafe.name })
    if (entries.length > MARKDOWN_UPLOAD_MAX_FILES) {
      throw new CultureError('markdown.uploadTooManyFiles', { count: entries.length, max: MARKDOWN_UPLOAD_MAX_FILES })
    }
    const declared = entries.reduce((sum, e) => sum + e.size, 0)
    if (declared > MARKDOWN_FOLDER_MAX_BYTES) throw new CultureError('markdown.uploadTooLarge', { max: LIMIT_MB })
    let left = MARKDOWN_FOLDER_MAX_BYTES
    for (const entry of entries) {
      const data = yield* inflateEntry(bytes, entry, left)
      left -= data.length
      const path = join(folder, entry.name)
      mkdirSync(dirname(path), { recursive: true })
      // 'wx': a name the zip lists twice is refused rather than one copy silently replacing the other.
      writeFileSync(path, data, { flag: 'wx' })
    }
    return join(folder, commonRoot(entries.map((e) => e.name)))
  } catch (err) {
    if (err instanceof ZipProblem) {
      throw new CultureError(err.kind === 'too-large' ? 'markdown.uploadTooLarge' : 'markdown.uploadUnreadable', { max: LIMIT_MB }, [
        fieldIssue('', err.code, err.params),
      ])
    }
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CultureError('markdown.uploadUnreadable', { max: LIMIT_MB })
    throw err
  }
}
