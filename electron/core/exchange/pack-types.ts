import type { Story } from '../stories/story'

/** Which side of a conflict to keep, or the fields of a merge. */
export type Resolution = 'mine' | 'theirs' | { merged: Record<string, unknown> }

export interface PackConflict {
  id: string
  mine: Story
  theirs: Story
  /** Fields whose values differ. */
  fields: string[]
}

export interface PackPreview {
  previewId: string
  fresh: { id: string; title: string }[]
  updated: { id: string; title: string }[]
  conflicts: PackConflict[]
  unchanged: number
  /** Values the pack uses that this library lacks: map each to one of ours before applying. */
  unknownValues: { slug: string; name: string }[]
}

export interface PackResult {
  created: number
  updated: number
  kept: number
  skipped: number
  backup: string | null
}
