import type { StoryStatus } from '../stories/story'
import type { Edition } from './edition'

export interface BookStory {
  id: string
  title: string
  author: string
  team: string
  happenedOn: string
  status: StoryStatus
  isRecovery: boolean
  body: string
  customerContext: string | null
  words: number
}

export interface BookChapter {
  /** 1-based position among the chapters that are printed. */
  number: number
  valueId: string
  name: string
  description: string
  color: string
  stories: BookStory[]
  /** Stories of this value in the year that the curator left out. */
  excluded: BookStory[]
  estimatedPages: number
}

/** A value with no stories in the year: drop its chapter, or go and find stories. */
export interface ChapterGap {
  valueId: string
  name: string
  dropped: boolean
}

export interface BookModel {
  edition: Edition
  chapters: BookChapter[]
  gaps: ChapterGap[]
  /** Authors in alphabetical order, with their included stories. */
  contributors: { name: string; storyIds: string[] }[]
  teams: string[]
  storyCount: number
  estimatedPages: number
}
