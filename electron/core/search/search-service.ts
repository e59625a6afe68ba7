import type Database from 'better-sqlite3'
import type { ChangeEvent } from '../api'
import type { ChangeFeed } from '../library/change-feed'
import type { StoryLanguage, StoryStatus } from '../stories/story'
import { buildAll, containsPhrase, SearchEngine, type SearchFilters } from './search-engine'
import { allSources, sourceOf } from './search-sources'
import type { SearchResponse, SearchResult, SimilarStory } from './search-types'
import { highlightAll, snippet } from './snippet'

interface StoryTextRow {
  id: string
  title: string
  body: string
  customer_context: string | null
  author: string
  team: string
  happened_on: string
  status: StoryStatus
  primary_value_id: string
  language: StoryLanguage
}

/**
 * Keeps the search index in step with the library: every story change is applied as it is
 * committed, so a saved story is findable before the save call even returns.
 */
export class SearchService {
  readonly engine = new SearchEngine()
  private unsubscribe: () => void = () => {}

  constructor(
    private db: Database.Database,
    private changes: ChangeFeed,
  ) {}

  start(): void {
    this.rebuild()
    this.unsubscribe = this.changes.subscribe((event) => this.onChange(event))
  }

  stop(): void {
    this.unsubscribe()
  }

  rebuild(): void {
    const sources = allSources(this.db)
    this.engine.load(buildAll(sources), sources)
  }

  private onChange(event: ChangeEvent): void {
    // A renamed value changes the text of every story that carries it: build afresh.
    if (event.topic === 'values' || !event.ids) return this.rebuild()
    const upserts = []
    const removals = []
    for (const id of event.ids) {
      const source = sourceOf(this.db, id)
      if (source) upserts.push(source)
      else removals.push(id)
    }
    this.engine.replay({ upserts, removals })
    if (this.engine.needsRebuild) this.rebuild()
  }

  private texts(ids: string[]): Map<string, StoryTextRow> {
    const get = this.db.prepare(
      `SELECT id, title, body, customer_context, author, team, happened_on, status, primary_value_id, language
       FROM stories WHERE id = ?`,
    )
    const out = new Map<string, StoryTextRow>()
    for (const id of ids) {
      const row = get.get(id) as StoryTextRow | undefined
      if (row) out.set(id, row)
    }
    return out
  }

  search(text: string, filters: SearchFilters, offset: number, limit: number): SearchResponse {
    const body = this.db.prepare('SELECT title, body, customer_context FROM stories WHERE id = ?')
    const phraseCheck = (id: string, phrase: string[]) => {
      const row = body.get(id) as { title: string; body: string; customer_context: string | null } | undefined
      return !!row && containsPhrase(`${row.title}\n${row.body}\n${row.customer_context ?? ''}`, phrase)
    }
    const result = this.engine.search(text, filters, phraseCheck)
    const page = result.hits.slice(offset, offset + limit)
    const rows = this.texts(page.map((h) => h.id))
    const valueIds = this.db.prepare(
      `SELECT sv.value_id FROM story_values sv JOIN core_values v ON v.id = sv.value_id
       WHERE sv.story_id = ? ORDER BY sv.value_id = ? DESC, v.position`,
    )
    const results: SearchResult[] = []
    const terms = new Set(result.terms)
    for (const hit of page) {
      const row = rows.get(hit.id)
      if (!row) continue
      results.push({
        id: row.id,
        title: highlightAll(row.title, row.language, terms),
        snippet: snippet(`${row.body}\n${row.customer_context ?? ''}`, row.language, terms),
        author: row.author,
        team: row.team,
        happenedOn: row.happened_on,
        status: row.status,
        primaryValueId: row.primary_value_id,
        language: row.language,
        valueIds: (valueIds.all(row.id, row.primary_value_id) as { value_id: string }[]).map((r) => r.value_id),
      })
    }
    return { results, total: result.total, hint: result.hint }
  }

  similar(id: string, limit: number): SimilarStory[] {
    const source = sourceOf(this.db, id)
    if (!source) return []
    const matches = this.engine.similar(source, limit)
    const rows = this.texts(matches.map((m) => m.id))
    return matches.flatMap((m) => {
      const row = rows.get(m.id)
      return row ? [{ id: m.id, title: row.title, similarity: Math.round(m.similarity * 100) / 100, status: row.status }] : []
    })
  }
}
