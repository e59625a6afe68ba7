import lunr from 'lunr'
import { buildIndex, statsOf, type CollectionStats } from './index-builder'
import { analyzeSource, metaOf, type AnalyzedDoc, type SearchField, type SearchMeta, type SearchSource } from './search-document'
import { parseQuery, TOO_COMMON, type ParsedQuery } from './search-query'
import { expandWord, KIND_BOOST, SortedDictionary, unionDictionary, type TermDictionary } from './term-expansion'
import { LANGUAGES, queryForms, stem, words } from './text-analysis'
import type { StoryStatus } from '../stories/story'

/** Shards bound the work of one build or load; every shard is scored with the same statistics. */
export const SHARD_SIZE = 2_000
/** Past this many recent edits, the engine asks for a full rebuild (the delta is rebuilt on every edit). */
export const DELTA_LIMIT = 64

export interface SearchFilters {
  valueIds?: string[]
  status?: StoryStatus
  yearFrom?: number
  yearTo?: number
  team?: string
  author?: string
}

export interface EngineHit {
  id: string
  score: number
  /** Index terms this story matched, for highlighting. */
  terms: string[]
  /** Where the query words matched, best first: title, then values, then the rest. */
  tier: number
}

export interface EngineResult {
  hits: EngineHit[]
  total: number
  hint?: string
  /** The query words as understood (for highlighting and phrase display). */
  parsed: ParsedQuery
}

interface Piece {
  index: lunr.Index
  ids: Set<string>
}

/** Built pieces, as a full build produces them; the worker sends these across as JSON. */
export interface BuiltIndex {
  shards: { index: object; ids: string[] }[]
  documentCount: number
  averageFieldLength: Record<SearchField, number>
  df: [string, number][]
}

export function buildAll(sources: SearchSource[]): BuiltIndex {
  const docs = sources.map(analyzeSource)
  const stats = statsOf(docs)
  const shards: BuiltIndex['shards'] = []
  for (let i = 0; i < docs.length; i += SHARD_SIZE) {
    const slice = docs.slice(i, i + SHARD_SIZE)
    shards.push({ index: buildIndex(slice, stats).toJSON(), ids: slice.map((d) => d.id) })
  }
  return {
    shards,
    documentCount: stats.documentCount,
    averageFieldLength: stats.averageFieldLength,
    df: [...stats.df],
  }
}

/**
 * The search over the whole library: shards of a full build, plus a small delta index of stories
 * edited since, whose stale shard copies are hidden by tombstones. Queries are built as lunr Query
 * objects from our own parse, never from lunr's query syntax, so no input can throw.
 */
export class SearchEngine {
  private shards: Piece[] = []
  private stats: CollectionStats = statsOf([])
  private baseDictionary: TermDictionary = new SortedDictionary(new Map())
  private delta: Piece | null = null
  private deltaDocs = new Map<string, AnalyzedDoc>()
  private deltaDictionary: TermDictionary = new SortedDictionary(new Map())
  private tombstones = new Set<string>()
  private meta = new Map<string, SearchMeta>()

  /** Replaces everything with a full build. `sources` must be the library's live stories. */
  load(built: BuiltIndex, sources: Iterable<SearchSource>): void {
    this.shards = built.shards.map((s) => ({ index: lunr.Index.load(s.index), ids: new Set(s.ids) }))
    const df = new Map(built.df)
    this.stats = { documentCount: built.documentCount, averageFieldLength: built.averageFieldLength, df }
    this.baseDictionary = new SortedDictionary(df)
    this.meta = new Map()
    for (const source of sources) this.meta.set(source.id, metaOf(source))
    this.deltaDocs.clear()
    this.tombstones.clear()
    this.rebuildDelta()
  }

  /** Applies edits that happened while a full build was running elsewhere. */
  replay(changes: { upserts: SearchSource[]; removals: string[] }): void {
    for (const source of changes.upserts) this.stage(source)
    for (const id of changes.removals) this.unstage(id)
    this.rebuildDelta()
  }

  get size(): number {
    return this.meta.size
  }

  get deltaSize(): number {
    return this.deltaDocs.size
  }

  get needsRebuild(): boolean {
    return this.deltaDocs.size > DELTA_LIMIT
  }

  upsert(source: SearchSource): void {
    this.stage(source)
    this.rebuildDelta()
  }

  remove(id: string): void {
    this.unstage(id)
    this.rebuildDelta()
  }

  private inShards(id: string): boolean {
    return this.shards.some((s) => s.ids.has(id))
  }

  private stage(source: SearchSource): void {
    this.meta.set(source.id, metaOf(source))
    if (this.inShards(source.id)) this.tombstones.add(source.id)
    this.deltaDocs.set(source.id, analyzeSource(source))
  }

  private unstage(id: string): void {
    this.meta.delete(id)
    if (this.inShards(id)) this.tombstones.add(id)
    this.deltaDocs.delete(id)
  }

  private rebuildDelta(): void {
    const docs = [...this.deltaDocs.values()]
    if (docs.length === 0) {
      this.delta = null
      this.deltaDictionary = new SortedDictionary(new Map())
      return
    }
    const local = statsOf(docs).df
    // Scored as if part of the whole collection, so moving into the base later barely moves a rank.
    const stats: CollectionStats = {
      documentCount: Math.max(this.stats.documentCount, this.meta.size),
      averageFieldLength: this.stats.documentCount ? this.stats.averageFieldLength : statsOf(docs).averageFieldLength,
      df: new Proxy(local, {
        get: (target, prop) =>
          prop === 'get' ? (t: string) => (this.stats.df.get(t) ?? 0) + (target.get(t) ?? 0) : Reflect.get(target, prop),
      }),
    }
    this.delta = { index: buildIndex(docs, stats), ids: new Set(docs.map((d) => d.id)) }
    this.deltaDictionary = new SortedDictionary(local)
  }

  private matchesFilters(meta: SearchMeta, f: SearchFilters): boolean {
    if (f.status && meta.status !== f.status) return false
    if (f.yearFrom !== undefined && meta.year < f.yearFrom) return false
    if (f.yearTo !== undefined && meta.year > f.yearTo) return false
    if (f.team !== undefined && meta.team !== f.team) return false
    if (f.author !== undefined && meta.author.toLowerCase() !== f.author.toLowerCase()) return false
    if (f.valueIds?.length && !f.valueIds.some((v) => meta.valueIds.includes(v))) return false
    return true
  }

  /**
   * @param phraseCheck tells whether a story's text contains the phrase; only called for stories
   *   that already matched every word, so the text lookups stay few.
   */
  search(
    text: string,
    filters: SearchFilters = {},
    phraseCheck: (id: string, phrase: string[]) => boolean = () => true,
  ): EngineResult {
    const parsed = parseQuery(text)
    if (parsed.required.length === 0) return { hits: [], total: 0, hint: parsed.hint, parsed }
    const dictionary = unionDictionary([this.baseDictionary, this.deltaDictionary])

    const groups = parsed.required.map((q) => ({
      field: q.field,
      weak: q.weak,
      terms: expandWord(q.word, queryForms(q.word), dictionary, { prefix: q.prefix, exactOnly: q.common, stems: stemsOf }),
    }))
    const strongGroups = groups.filter((g) => !g.weak)
    const excluded = new Set(parsed.excluded.flatMap((w) => [...queryForms(w)]))
    const clauseTerms = new Map<string, { boost: number; fields: Set<SearchField> | null }>()
    for (const group of groups) {
      for (const [term, kind] of group.terms) {
        const clause = clauseTerms.get(term) ?? { boost: 0, fields: new Set<SearchField>() }
        clause.boost = Math.max(clause.boost, KIND_BOOST[kind])
        if (!group.field) clause.fields = null
        else clause.fields?.add(group.field)
        clauseTerms.set(term, clause)
      }
    }
    if (clauseTerms.size === 0) return { hits: [], total: 0, hint: hintFor(parsed, 0), parsed }

    const run = (piece: Piece) =>
      piece.index.query((q) => {
        for (const [term, clause] of clauseTerms) {
          // lunr checks `'fields' in clause`, so an all-fields clause must leave the key out entirely.
          q.term(term, clause.fields ? { usePipeline: false, boost: clause.boost, fields: [...clause.fields] } : { usePipeline: false, boost: clause.boost })
        }
        for (const term of excluded) {
          q.term(term, { usePipeline: false, presence: lunr.Query.presence.PROHIBITED })
        }
      })

    const hits: EngineHit[] = []
    const pieces = this.delta ? [...this.shards, this.delta] : this.shards
    for (const piece of pieces) {
      const isDelta = piece === this.delta
      for (const result of run(piece)) {
        if (!isDelta && this.tombstones.has(result.ref)) continue
        const meta = this.meta.get(result.ref)
        if (!meta || !this.matchesFilters(meta, filters)) continue
        const matched = result.matchData.metadata as Record<string, Record<string, unknown>>
        let titleGroups = 0
        let valueGroups = 0
        let allMatched = true
        for (const group of strongGroups) {
          let hit = false
          let inTitle = false
          let inValues = false
          for (const term of group.terms.keys()) {
            const fields = matched[term]
            if (!fields) continue
            hit = true
            if ('title' in fields) inTitle = true
            if ('values' in fields) inValues = true
          }
          if (!hit) {
            allMatched = false
            break
          }
          if (inTitle) titleGroups++
          else if (inValues) valueGroups++
        }
        if (!allMatched) continue
        if (parsed.phrases.length && !parsed.phrases.every((p) => phraseCheck(result.ref, p))) continue
        const tier =
          titleGroups === strongGroups.length ? 2 : titleGroups + valueGroups === strongGroups.length ? 1 : 0
        hits.push({ id: result.ref, score: result.score, terms: Object.keys(matched), tier })
      }
    }
    hits.sort((a, b) => b.tier - a.tier || b.score - a.score || (a.id < b.id ? -1 : 1))
    return { hits, total: hits.length, hint: hintFor(parsed, hits.length), parsed }
  }

  /**
   * Stories that share the most distinctive words with this one. `similarity` is the other story's
   * score as a share of the story's own score for the same query: near 1 means a near copy.
   */
  similar(source: SearchSource, limit: number): { id: string; similarity: number }[] {
    const doc = analyzeSource(source)
    const weights = new Map<string, number>()
    const n = Math.max(this.stats.documentCount, 1)
    for (const [field, factor] of [
      ['title', 2],
      ['body', 1],
    ] as const) {
      for (const term of doc.fields[field]) {
        const df = (this.stats.df.get(term) ?? 0) + (this.deltaDictionary.df(term) ?? 0)
        weights.set(term, (weights.get(term) ?? 0) + factor * Math.log(1 + n / Math.max(df, 1)))
      }
    }
    const top = [...weights.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)
    if (top.length === 0) return []
    const scores = new Map<string, number>()
    const pieces = this.delta ? [...this.shards, this.delta] : this.shards
    for (const piece of pieces) {
      const isDelta = piece === this.delta
      const results = piece.index.query((q) => {
        for (const [term, weight] of top) q.term(term, { usePipeline: false, boost: weight, fields: ['title', 'body'] })
      })
      for (const r of results) {
        if (!isDelta && this.tombstones.has(r.ref)) continue
        if (!this.meta.has(r.ref)) continue
        scores.set(r.ref, r.score)
      }
    }
    // The story scored against itself; a story not yet indexed is measured against its best match.
    const self = scores.get(source.id) ?? Math.max(...scores.values(), 0)
    if (!self) return []
    return [...scores.entries()]
      .filter(([id]) => id !== source.id)
      .map(([id, score]) => ({ id, similarity: Math.min(1, score / self) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit)
  }
}

function hintFor(parsed: ParsedQuery, found: number): string | undefined {
  return found === 0 && parsed.onlyCommonWords ? TOO_COMMON : parsed.hint
}

function stemsOf(word: string): string[] {
  return LANGUAGES.map((l) => stem(word, l))
}

/** Whether `text` contains the words of `phrase` in a row (case-insensitive, punctuation ignored). */
export function containsPhrase(text: string, phrase: string[]): boolean {
  const sequence = words(text)
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (sequence[i + j] !== phrase[j]) continue outer
    return true
  }
  return false
}
