import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs'
import { basename, isAbsolute, join, relative, sep } from 'node:path'
import { parse as parseYaml, stringify as toYaml } from 'yaml'
import { writeFileAtomically } from '../book/atomic-file'
import { CultureError, problem, type FieldIssue, type Problem } from '../errors'
import { contentIssue } from '../input-issues'
import { STORY_LANGUAGES, STORY_STATUSES } from '../stories/story'
import { EMPTY_VALUE, STORY_FIELD_LIST, type StoryField } from '../stories/story-fields'
import type { StoryRepository } from '../stories/story-repository'
import type { ValueRepository } from '../values/value-repository'
import { slugify } from '../values/value-repository'
import { PACK_FORMAT, PACK_VERSION, packStory, toPackStory, type PackStory, type StoryPack } from './pack-format'
import type { MarkdownRefusal } from './pack-types'
import { PHOTO_MAX_BYTES, photoId, sniffPhoto } from '../photos/photo-intake'
import type { PhotoMime } from '../photos/photo-types'
import { photoLink, rewritePhotoLinks } from '../photos/photo-references'
import type { PhotoRepository } from '../photos/photo-repository'

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/

const MB = 1024 * 1024
/** A story's body is at most 400,000 characters, so its file stays well under this. */
export const MARKDOWN_FILE_MAX_BYTES = 2 * MB
/** All files of one folder together: the size of the largest pack, since the folder becomes one. */
export const MARKDOWN_FOLDER_MAX_BYTES = 64 * MB
// O_NOFOLLOW and O_NONBLOCK do not exist on Windows, which has neither FIFOs nor such links to follow.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/** Photos go beside the stories as files, `photos/<id>.jpg` (or .png), linked relatively from the Markdown. */
const PHOTO_FOLDER = 'photos'
const PHOTO_EXTENSION: Record<PhotoMime, 'jpg' | 'png'> = { 'image/jpeg': 'jpg', 'image/png': 'png' }
/** A relative link to such a file, as the export writes it: `](photos/<id>.jpg`. */
const PHOTO_FILE_LINK = /\]\(\s*photos\/([0-9a-f]{64})\.(jpg|png)(?=[\s)])/g

/** Every field but the body, which is the file's text. */
const IN_FRONT_MATTER = STORY_FIELD_LIST.filter((f) => f.kind !== 'markdown')

/** A field's value from front matter, which a person may have written by hand: absent reads as empty. */
function fromFrontMatter(f: StoryField, raw: unknown, earlier: Record<string, unknown>): unknown {
  switch (f.kind) {
    case 'line':
    case 'date':
      return String(raw ?? '')
    case 'note':
      return raw ? String(raw) : null
    case 'flag':
      return raw === true
    case 'values':
      return Array.isArray(raw) ? raw.map(String) : []
    case 'primaryValue':
      // Unset, the first value is the primary one.
      return String(raw ?? (earlier.values as string[])[0] ?? '')
    default:
      return raw ?? EMPTY_VALUE[f.kind]
  }
}

/**
 * The way out: one Markdown file per story, with its facts as YAML front matter, and the photos they
 * show as files in `photos/` (a photo the library lacks keeps its `photo:` link).
 */
export function exportMarkdownFolder(
  folder: string,
  stories: StoryRepository,
  values: ValueRepository,
  photos?: PhotoRepository,
): { folder: string; count: number } {
  mkdirSync(folder, { recursive: true })
  const written = new Map<string, string>()
  const photoFile = (id: string) => {
    if (!written.has(id)) {
      const photo = photos?.find(id)
      if (!photo) return photoLink(id)
      const name = `${PHOTO_FOLDER}/${id}.${PHOTO_EXTENSION[photo.mime]}`
      mkdirSync(join(folder, PHOTO_FOLDER), { recursive: true })
      writeFileAtomically(join(folder, name), photo.bytes)
      written.set(id, name)
    }
    return written.get(id)!
  }
  const slugs = new Map(values.list().map((v) => [v.id, v.slug]))
  const list = stories.list({ sort: 'oldest', trashed: false, offset: 0, limit: 1_000_000 }).items.map((s) => stories.get(s.id))
  for (const s of list) {
    // What a pack holds (values by slug), under the front matter's own keys.
    const pack: Record<string, unknown> = toPackStory(s, slugs)
    const front = {
      id: s.id,
      ...Object.fromEntries(IN_FRONT_MATTER.map((f) => [f.frontMatter, pack[f.key]])),
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    }
    const name = `${slugify(s.title).slice(0, 60)}-${s.id.slice(0, 8)}.md`
    writeFileAtomically(join(folder, name), `---\n${toYaml(front)}---\n\n${rewritePhotoLinks(s.body, photoFile)}\n`)
  }
  return { folder, count: list.length }
}

export interface MarkdownReadResult {
  pack: StoryPack
  /** Files left out, each with why. */
  refused: MarkdownRefusal[]
}

/**
 * Reads such a folder back as a story pack, so it goes through the same preview, conflicts and
 * single transaction as any pack. Only regular files inside the folder are read: links that lead
 * out of it, folders, pipes, sockets, devices, files over the size cap and files without front
 * matter are left out and listed with the reason.
 */
/** Why a file's front matter is refused, in its own field names. */
function frontMatterProblem(field: string, issue: FieldIssue): Problem {
  switch (field) {
    case 'id':
      return problem('markdown.badId')
    case 'status':
      return problem('markdown.badStatus', { allowed: STORY_STATUSES.join(', ') })
    case 'language':
      return problem('markdown.badLanguage', { allowed: STORY_LANGUAGES.join(', ') })
    case 'values':
      return problem('markdown.noValues')
    case 'createdAt':
      return problem('markdown.badCreatedAt', {}, [issue])
    case 'updatedAt':
      return problem('markdown.badUpdatedAt', {}, [issue])
    default:
      return problem('markdown.badField', { field }, [issue])
  }
}

export function readMarkdownFolder(folder: string, values: ValueRepository): MarkdownReadResult {
  let root: string
  let files: string[]
  try {
    root = realpathSync(folder)
    if (!statSync(root).isDirectory()) throw new Error('not a folder')
    files = readdirSync(root)
      .filter((f) => f.toLowerCase().endsWith('.md'))
      .sort()
  } catch {
    throw new CultureError('markdown.notReadable', { folder })
  }
  const known = new Map(values.list().map((v) => [v.slug, v]))
  const refused: MarkdownReadResult['refused'] = []
  const stories: PackStory[] = []
  const reader = new FolderReader(root)
  const photos = new PhotoFiles(reader, refused)
  for (const file of files) {
    const read = reader.read(file)
    if ('reason' in read) {
      refused.push({ file, ...read })
      continue
    }
    const text = read.text
    const m = FRONT_MATTER.exec(text)
    if (!m) {
      refused.push({ file, ...problem('markdown.noFrontMatter') })
      continue
    }
    let front: Record<string, unknown>
    try {
      front = (parseYaml(m[1]) ?? {}) as Record<string, unknown>
    } catch (err) {
      refused.push({ file, ...problem('markdown.badYaml', { reason: (err as Error).message.split('\n')[0] }) })
      continue
    }
    const fields: Record<string, unknown> = {}
    for (const f of IN_FRONT_MATTER) fields[f.key] = fromFrontMatter(f, front[f.frontMatter], fields)
    const story = {
      id: String(front.id ?? ''),
      ...fields,
      // The export puts one blank line after the front matter and a newline at the end.
      body: photos.linked(m[2].replace(/^\r?\n/, '').replace(/\r?\n$/, '')),
      createdAt: String(front.created_at ?? new Date().toISOString()),
      updatedAt: String(front.updated_at ?? new Date().toISOString()),
    }
    // One file with a bad field is listed, not allowed to refuse the whole folder.
    const checked = packStory.safeParse(story)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      refused.push({ file, ...frontMatterProblem(String(issue.path[0]), contentIssue(issue, story)) })
      continue
    }
    stories.push(checked.data)
  }
  const used = new Set(stories.flatMap((s) => s.values))
  return {
    pack: {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      exportedAt: new Date().toISOString(),
      values: [...used].map((slug) => ({
        slug,
        name: known.get(slug)?.name ?? slug,
        description: '',
        color: known.get(slug)?.color ?? '#888888',
      })),
      stories,
      ...(photos.found.length ? { photos: photos.found } : {}),
    },
    refused,
  }
}

/**
 * The photo files a folder's stories link to, read by the folder's rules (no links out, size caps,
 * the folder's total) and taken only when their bytes hash to the id in their name, so a photo
 * changed after the export is never mistaken for the one the story showed.
 */
class PhotoFiles {
  readonly found: { id: string; mime: PhotoMime; base64: string }[] = []
  private tried = new Map<string, boolean>()

  constructor(
    private reader: FolderReader,
    private refused: MarkdownRefusal[],
  ) {}

  /** The body with each link to a photo file that could be read turned back into `photo:<id>`. */
  linked(body: string): string {
    return body.replace(PHOTO_FILE_LINK, (link, id: string, ext: 'jpg' | 'png') => (this.take(id, ext) ? `](${photoLink(id)}` : link))
  }

  private take(id: string, ext: 'jpg' | 'png'): boolean {
    const file = `${PHOTO_FOLDER}/${id}.${ext}`
    if (!this.tried.has(file)) this.tried.set(file, this.read(file, id, ext))
    return this.tried.get(file)!
  }

  private read(file: string, id: string, ext: 'jpg' | 'png'): boolean {
    const read = this.reader.readBytes(file, PHOTO_MAX_BYTES, photoTooLarge)
    if ('reason' in read) {
      this.refused.push({ file, ...read })
      return false
    }
    const mime: PhotoMime = ext === 'png' ? 'image/png' : 'image/jpeg'
    if (photoId(read.bytes) !== id || sniffPhoto(read.bytes) !== (ext === 'png' ? 'png' : 'jpeg')) {
      this.refused.push({ file, ...problem('markdown.photoChanged') })
      return false
    }
    if (!this.found.some((p) => p.id === id)) this.found.push({ id, mime, base64: read.bytes.toString('base64') })
    return true
  }
}

/** Reads the files of one folder without ever following a link out of it or blocking on a pipe. */
class FolderReader {
  private seen = new Set<string>()
  private total = 0

  constructor(private root: string) {}

  read(file: string): { text: string } | Problem {
    const read = this.readBytes(file, MARKDOWN_FILE_MAX_BYTES, tooLarge)
    if ('reason' in read) return read
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(read.bytes) }
    } catch {
      return problem('markdown.notUtf8')
    }
  }

  /** A file's bytes, up to `max`; `file` may name one in a subfolder (a photo), which must not lead out either. */
  readBytes(file: string, max: number, overMax: (bytes: number) => Problem): { bytes: Buffer } | Problem {
    let path = join(this.root, file)
    let stat: Stats
    try {
      stat = lstatSync(path)
      // A link, or a file in a subfolder that may itself be a link: judged by where it really is.
      if (stat.isSymbolicLink() || file !== basename(file)) {
        let target: string
        try {
          target = realpathSync(path)
        } catch {
          return problem('markdown.brokenLink')
        }
        const rel = relative(this.root, target)
        if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
          return problem('markdown.linkOutside')
        }
        path = target
        stat = lstatSync(path)
      }
      const notFile = notARegularFile(stat)
      if (notFile) return notFile
      if (stat.size > max) return overMax(stat.size)
      // The file may have been swapped since lstat: open without following a link or waiting on a
      // pipe, and judge what was actually opened.
      const fd = openSync(path, OPEN_FLAGS)
      try {
        const opened = fstatSync(fd)
        const notOpenedFile = notARegularFile(opened)
        if (notOpenedFile) return notOpenedFile
        // The opened file must be the one judged above (not a folder on the way swapped for a link since).
        if (opened.ino !== stat.ino || opened.dev !== stat.dev) return problem('markdown.becameLink')
        const key = `${opened.dev}:${opened.ino}`
        if (this.seen.has(key)) return problem('markdown.sameFile')
        this.seen.add(key)
        const bytes = readAtMost(fd, max + 1)
        if (bytes.length > max) return overMax(bytes.length)
        if (this.total + bytes.length > MARKDOWN_FOLDER_MAX_BYTES)
          return problem('markdown.folderFull', { max: MARKDOWN_FOLDER_MAX_BYTES / MB })
        this.total += bytes.length
        return { bytes }
      } finally {
        closeSync(fd)
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ELOOP') return problem('markdown.becameLink')
      return problem('markdown.unreadable', { reason: code ?? (err as Error).message })
    }
  }
}

function notARegularFile(stat: Stats): Problem | null {
  if (stat.isFile()) return null
  if (stat.isDirectory()) return problem('markdown.isFolder')
  if (stat.isFIFO()) return problem('markdown.isPipe')
  if (stat.isSocket()) return problem('markdown.isSocket')
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return problem('markdown.isDevice')
  return problem('markdown.notRegular')
}

function tooLarge(bytes: number): Problem {
  // One decimal, as written: "2.0 MB or more".
  return problem('markdown.fileTooLarge', { size: (bytes / MB).toFixed(1), max: MARKDOWN_FILE_MAX_BYTES / MB })
}

function photoTooLarge(bytes: number): Problem {
  return problem('markdown.photoTooLarge', { size: (bytes / MB).toFixed(1), max: PHOTO_MAX_BYTES / MB })
}

/** Up to `limit` bytes, so a file that grows while it is read cannot take all memory. */
function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit)
  let length = 0
  for (let n = 1; n > 0 && length < limit; length += n) n = readSync(fd, buffer, length, limit - length, null)
  return buffer.subarray(0, length)
}
