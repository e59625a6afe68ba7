import type { StoryLanguage, StoryStatus } from '../stories/story'

/** A piece of text, marked when it is a word the search matched. Rendered as text, never as HTML. */
export interface TextSegment {
  text: string
  mark: boolean
}

export interface SearchResult {
  id: string
  title: TextSegment[]
  snippet: TextSegment[]
  author: string
  team: string
  happenedOn: string
  status: StoryStatus
  valueIds: string[]
  primaryValueId: string
  language: StoryLanguage
}

/** Why a query was changed or cannot match; the window says it in its language. */
/** `partial`: no story has every word, so the stories that have the most of them are shown. */
/** `indexing`: the first full build is still running, so `count` stories cannot be found yet. */
export type SearchHintCode = 'truncated' | 'unclosedQuote' | 'tooCommon' | 'onlyExcluded' | 'noLetters' | 'partial' | 'indexing'

export interface SearchHint {
  code: SearchHintCode
  /** For `truncated`: how many characters were searched. */
  max?: number
  /** For `indexing`: how many stories are not searchable yet. */
  count?: number
}

export interface SearchResponse {
  results: SearchResult[]
  total: number
  /** Set when the query was changed or cannot match: say so to the user (`hint` is English, for logs). */
  hints: SearchHint[]
  hint?: string
}

/** From this similarity on, a story probably tells an event another one already tells: the app warns, never refuses. */
export const DUPLICATE_SIMILARITY = 0.6

export interface SimilarStory {
  id: string
  title: string
  /** 0–1: the other story's score as a share of this story's own. */
  similarity: number
  status: StoryStatus
}
