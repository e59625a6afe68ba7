import type { Story, StoryStatus } from '../stories/story'
import { STORY_FIELD_LIST, type SearchedFieldName, type SearchTarget, type StoryFieldName } from '../stories/story-fields'
import { analyze } from './text-analysis'

/** The fields the search reads besides the searched texts: for analysis, filters and result rows. */
export const SOURCE_FIELDS = [
  'language',
  'status',
  'happenedOn',
  'primaryValueId',
  'valueIds',
  'author',
  'team',
] as const satisfies StoryFieldName[]

/**
 * What the search needs to know about one story: the fields marked `search` in the registry, and those.
 * Searched fields beyond the title and the body may be left out (a corpus made by hand): they add nothing.
 */
export type SearchSource = Pick<Story, 'id' | 'title' | 'body' | (typeof SOURCE_FIELDS)[number]> &
  Partial<Pick<Story, SearchedFieldName>> & {
    /** Names of the story's values, so "humble" finds stories tagged "Be humble". */
    valueNames: string[]
  }

/** The story fields each search field is made of, from the field registry. */
export const FED_BY: Record<SearchTarget, SearchedFieldName[]> = {
  title: searchedBy('title'),
  body: searchedBy('body'),
  byline: searchedBy('byline'),
}

function searchedBy(target: SearchTarget): SearchedFieldName[] {
  return STORY_FIELD_LIST.filter((f) => f.search === target).map((f) => f.name as SearchedFieldName)
}

/** The text of one search field: its story fields, one per line (an empty optional field adds nothing). */
export function searchText(source: Pick<SearchSource, SearchedFieldName>, target: SearchTarget): string {
  return FED_BY[target].map((name) => source[name] ?? '').join('\n')
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
      title: analyze(searchText(source, 'title'), source.language),
      values: analyze(source.valueNames.join(' '), 'en'),
      body: analyze(searchText(source, 'body'), source.language),
      byline: analyze(searchText(source, 'byline'), 'en'),
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
