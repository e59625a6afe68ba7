import type { Problem } from '../errors'
import type { SimilarStory } from '../search/search-types'
import type { ListFieldName, StoryContent } from './story-fields'

export const STORY_STATUSES = ['draft', 'submitted', 'approved', 'archived'] as const
export type StoryStatus = (typeof STORY_STATUSES)[number]

export const STORY_LANGUAGES = ['en', 'da', 'sv'] as const
export type StoryLanguage = (typeof STORY_LANGUAGES)[number]

/** What every story has besides its fields (those are declared in story-fields.ts). */
interface StoryMeta {
  id: string
  /** First characters of the body as plain text, for the list. */
  excerpt: string
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}

/**
 * What a list row needs: the fields marked `list` (everything but the long texts). Its `valueIds`
 * hold the primary value first, then the others in core-value order.
 */
export type StorySummary = StoryMeta & Pick<StoryContent, ListFieldName>

export type Story = StoryMeta & StoryContent

export interface StoryPage {
  items: StorySummary[]
  /** Matching stories in all, not just this page. */
  total: number
}

/** Values the list filters can offer: what the library actually holds. */
export interface StoryFacets {
  years: number[]
  teams: string[]
  authors: string[]
  statusCounts: Record<StoryStatus, number>
  trashCount: number
}

export type RevisionReason = 'edit' | 'status' | 'trash' | 'restore' | 'deleted' | 'revert' | 'import'

export interface StoryRevision {
  id: string
  storyId: string
  /** What was about to happen when this version was set aside. */
  reason: RevisionReason
  /** The story as it was. */
  snapshot: Story
  savedAt: string
  /** Why the change that followed was made (a reason for archiving), when someone gave one. */
  note?: string
  /** Who made that change, as they named themselves. */
  notedBy?: string
  /** The display name of the signed-in account that made that change (team server only). */
  changedBy?: string
}

/** The why and who a reviewer gives with a status change, kept with the version before it. */
export interface ReviewNote {
  note?: string
  by?: string
}

/** A story a bulk status change left as it was, and why. */
export type StatusRefusal = { id: string; title: string | null } & Problem

/** What a status change of several stories did: each story changed or was refused, never half. */
export interface StatusChanges {
  /** With the status each had before, so an Undo can put it back. */
  changed: { id: string; title: string; from: StoryStatus }[]
  refused: StatusRefusal[]
}

/** An approved story that reads like another one: worth a look, never a reason to refuse. */
export interface DuplicateWarning {
  id: string
  title: string
  like: SimilarStory
}

/** What a reviewer's decision on several stories did (stories.setStatusMany). */
export interface ReviewResult extends StatusChanges {
  duplicates: DuplicateWarning[]
}
