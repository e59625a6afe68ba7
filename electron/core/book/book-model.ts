import type { Story } from '../stories/story'
import { STORY_FIELD_LIST, type BookFieldName } from '../stories/story-fields'
import type { ContentsMode, Edition } from './edition'
import type { BookNote } from './book-notes'

/** A story as the book prints it: the fields marked `book` in the field registry. */
export type BookStory = Pick<Story, 'id' | BookFieldName> & { words: number }

const BOOK_NOTES = STORY_FIELD_LIST.filter((f) => f.book && f.kind === 'note').map((f) => f.name as BookFieldName)

/** The book's optional notes of a story (the customer's situation), each printed as a line under the byline. */
export function bookNotes(story: BookStory): string[] {
  return BOOK_NOTES.map((name) => story[name])
    .filter(Boolean)
    .map(String)
}

/**
 * Left to itself ('auto'), the contents lists each chapter's stories under it up to this many stories
 * in the book: past it, the contents of a very long book would run to dozens of pages, and it lists
 * the chapters only. The edition can ask for either always.
 */
export const CONTENTS_STORY_LIMIT = 400
export const contentsListsStories = (storyCount: number, mode: ContentsMode) =>
  mode === 'stories' || (mode === 'auto' && storyCount <= CONTENTS_STORY_LIMIT)

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

/**
 * A value with stories in the year, as the curator sees it: printed (numbered), or printing nothing
 * because every story is left out or the chapter is dropped (number null), so those can be taken back.
 */
export type CuratedChapter = Omit<BookChapter, 'number'> & { number: number | null; dropped: boolean }

/** A value with no stories at all in the year (with the chosen statuses): drop its chapter, or go and find stories. */
export interface ChapterGap {
  valueId: string
  name: string
  dropped: boolean
}

export interface BookModel {
  edition: Edition
  /** The chapters that print. */
  chapters: BookChapter[]
  /** Every value with stories this year, in chapter order, whether it prints or not. */
  curated: CuratedChapter[]
  gaps: ChapterGap[]
  /** Authors in alphabetical order, with their included stories. */
  contributors: { name: string; storyIds: string[] }[]
  teams: string[]
  storyCount: number
  estimatedPages: number
}

export interface PlanStory {
  id: string
  title: string
  author: string
  happenedOn: string
  words: number
  isRecovery: boolean
}

/** The book as the curator sees it while shaping it: no bodies, just what to decide on. */
export interface BookPlan {
  edition: Edition
  /** Every value with stories this year; `number` is null for one that prints nothing. */
  chapters: {
    number: number | null
    dropped: boolean
    valueId: string
    name: string
    color: string
    estimatedPages: number
    stories: PlanStory[]
    excluded: PlanStory[]
  }[]
  gaps: ChapterGap[]
  storyCount: number
  contributorCount: number
  estimatedPages: number
}

export function planOf(book: BookModel): BookPlan {
  const slim = (s: BookStory): PlanStory => ({
    id: s.id,
    title: s.title,
    author: s.author,
    happenedOn: s.happenedOn,
    words: s.words,
    isRecovery: s.isRecovery,
  })
  return {
    edition: book.edition,
    chapters: book.curated.map((c) => ({
      number: c.number,
      dropped: c.dropped,
      valueId: c.valueId,
      name: c.name,
      color: c.color,
      estimatedPages: c.estimatedPages,
      stories: c.stories.map(slim),
      excluded: c.excluded.map(slim),
    })),
    gaps: book.gaps,
    storyCount: book.storyCount,
    contributorCount: book.contributors.length,
    estimatedPages: book.estimatedPages,
  }
}

export type ExportFormat = 'pdf' | 'html'

export interface ExportResult {
  path: string
  format: ExportFormat
  pages: number | null
  bytes: number
  /** What was left out or adjusted, for the person who exports: codes the window words in its language. */
  notes: BookNote[]
  timings: Record<string, number>
  /** A cover's sheet (book-cover.ts), in millimetres. */
  cover?: CoverSize
}

/** The cover sheet: its width is back + spine + front (+ bleed both sides), its height a page's (+ bleed). */
export interface CoverSize {
  spine: number
  bleed: number
  width: number
  height: number
}
