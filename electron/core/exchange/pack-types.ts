import type { Problem } from '../errors'
import type { Story } from '../stories/story'

/** The largest pack, as a file and as the JSON inside a zipped one; the transport is sized from it. */
export const PACK_MAX_BYTES = 64 * 1024 * 1024
/** The same file as base64, the way it travels to the core. */
export const PACK_MAX_BASE64 = 4 * Math.ceil(PACK_MAX_BYTES / 3)

/** A file left out of a Markdown import, and why. */
export type MarkdownRefusal = { file: string } & Problem

/** Which side of a conflict to keep, or the fields of a merge. */
export type Resolution = 'mine' | 'theirs' | { merged: Record<string, unknown> }

export interface PackConflict {
  id: string
  mine: Story
  theirs: Story
  /** Fields whose values differ. */
  fields: string[]
}

/** One field a pack changes in a story: its value here and in the pack, under the field's pack name (values by id where known). */
export interface FieldChange {
  field: string
  mine: unknown
  theirs: unknown
}

/** A story the pack brings a newer version of; `changes` is left out past the preview's size budget. */
export interface PackUpdate {
  id: string
  title: string
  changes?: FieldChange[]
}

export interface PackPreview {
  previewId: string
  fresh: { id: string; title: string }[]
  updated: PackUpdate[]
  conflicts: PackConflict[]
  unchanged: number
  /** Versions this library has already moved past: skipped, never written over newer edits. */
  older: { id: string; title: string }[]
  /** Values the pack uses that this library lacks: map each to one of ours before applying. */
  unknownValues: { slug: string; name: string }[]
  /** Photos the pack carries, and how many of them this library does not have yet. */
  photos: { count: number; new: number }
}

export interface PackResult {
  created: number
  updated: number
  kept: number
  /** Unchanged stories. */
  skipped: number
  /** Stories whose incoming version was older than ours, left as they were. */
  older: number
  backup: string | null
}
