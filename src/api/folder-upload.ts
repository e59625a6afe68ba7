import { zipSync, type Zippable } from 'fflate'
import { ApiError } from './culture'
import { bytesToBase64 } from './file-bytes'
import { clientError } from '../i18n'

/** What a Markdown folder import reads (markdown-folder.ts): its `.md` story files, and the photos an export wrote beside them. */
const STORY_FILE = /\.md$/i
const PHOTO_FILE = /\.(jpg|png)$/i
/** The most one import reads (the core checks it again): 64 MB, as for a pack. */
const MAX_BYTES = 64 * 1024 * 1024

/**
 * The files of a folder picked in a browser, zipped as one upload under their paths inside it (the
 * folder's own name first), as base64. Only story files and photos go; anything else stays on the machine.
 */
export async function zipPickedFolder(files: File[]): Promise<string> {
  const chosen = files.filter((f) => STORY_FILE.test(f.name) || PHOTO_FILE.test(f.name))
  if (!chosen.some((f) => STORY_FILE.test(f.name))) throw new ApiError(clientError('markdown.uploadEmpty'))
  if (chosen.reduce((sum, f) => sum + f.size, 0) > MAX_BYTES) throw new ApiError(clientError('markdown.uploadTooLarge', { max: 64 }))
  const entries: Zippable = {}
  for (const file of chosen) {
    // Photos are compressed already; text shrinks several times.
    entries[file.webkitRelativePath || file.name] = [
      new Uint8Array(await file.arrayBuffer()),
      { level: STORY_FILE.test(file.name) ? 6 : 0 },
    ]
  }
  return bytesToBase64(zipSync(entries))
}
