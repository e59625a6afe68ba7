import type { StoryLanguage, StoryStatus } from '../stories/story'
import { analyze } from './text-analysis'

/** What the search needs to know about one story. */
export interface SearchSource {
  id: string
  title: string
  body: string
  customerContext: string | null
  author: string
  team: string
  language: StoryLanguage
  status: StoryStatus
  happenedOn: string
  primaryValueId: string
  valueIds: string[]
  /** Names of the story's values, so "humble" finds stories tagged "Be humble". */
  valueNames: string[]
}

export const SEARCH_FIELDS = ['title', 'values', 'body', 'byline'] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]

/** Title hits outrank value hits, which outrank body hits (see also the tiers in search-engine.ts). */
export const FIELD_BOOST: Record<SearchField, number> = { title: 10, values: 5, body: 1, byline: 2 }

export interface AnalyzedDoc {
  id: string
  fields: Record<SearchField, string[]>
}

/** Values are always English-named here; the story's own text uses the story's language. */
export function analyzeSource(source: SearchSource): AnalyzedDoc {
  return {
    id: source.id,
    fields: {
      title: analyze(source.title, source.language),
      values: analyze(source.valueNames.join(' '), 'en'),
      body: analyze(`${source.body}\n${source.customerContext ?? ''}`, source.language),
      byline: analyze(`${source.author} ${source.team}`, 'en'),
    },
  }
}

/** The facts the filters need, kept in memory for every story. */
export interface SearchMeta {
  status: StoryStatus
  year: number
  team: string
  author: string
  valueIds: string[]
}

export function metaOf(source: SearchSource): SearchMeta {
  return {
    status: source.status,
    year: Number(source.happenedOn.slice(0, 4)),
    team: source.team,
    author: source.author,
    valueIds: source.valueIds,
  }
}
