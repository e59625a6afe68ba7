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
}
