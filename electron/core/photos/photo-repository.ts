import type Database from 'better-sqlite3'
import { CultureError } from '../errors'
import { preparePhoto } from './photo-intake'
import { PHOTO_ID } from './photo-references'
import type { PhotoInfo, PhotoMime } from './photo-types'

export type { PhotoInfo } from './photo-types'

export interface StoredPhoto extends PhotoInfo {
  bytes: Buffer
}

/**
 * Photos inside the library file, by the hash of their bytes: a photo shown in several stories or
 * kept by every revision of one is stored once, and travels with the file (backups included).
 * Photos no story mentions any more are kept: a revision in a story's history, an older backup's
 * Markdown or an undone edit may still point at them, and they cost only their bytes.
 */
export class PhotoRepository {
  constructor(private db: Database.Database) {}

  /** Takes in a pasted or dropped file (see photo-intake.ts) and stores it, once. */
  async add(file: Buffer): Promise<PhotoInfo> {
    const photo = await preparePhoto(file)
    this.put(photo)
    const { id, mime, width, height } = photo
    return { id, mime, width, height }
  }

  /** Stores a photo already in the stored form (prepared here or checked from a pack); one already here stays as it is. */
  put(photo: StoredPhoto): void {
    this.db
      .prepare('INSERT OR IGNORE INTO photos (hash, mime, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(photo.id, photo.mime, photo.width, photo.height, photo.bytes, new Date().toISOString())
  }

  has(id: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM photos WHERE hash = ?').get(id)
  }

  /** The photo, or null when this library has none by that id. */
  find(id: string): StoredPhoto | null {
    if (!PHOTO_ID.test(id)) return null
    const row = this.db.prepare('SELECT hash, mime, width, height, bytes FROM photos WHERE hash = ?').get(id) as
      { hash: string; mime: PhotoMime; width: number; height: number; bytes: Buffer } | undefined
    return row ? { id: row.hash, mime: row.mime, width: row.width, height: row.height, bytes: row.bytes } : null
  }

  get(id: string): StoredPhoto {
    const photo = this.find(id)
    if (!photo) throw new CultureError('photo.notFound', { id })
    return photo
  }
}

/** A photo as a data: URL, for the printed book and anything else that must hold its images inside. */
export const photoDataUrl = (photo: StoredPhoto) => `data:${photo.mime};base64,${photo.bytes.toString('base64')}`
