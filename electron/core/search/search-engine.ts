import { buildIndex, statsOf, type CollectionStats } from './index-builder'
import { compile, type CompiledIndex } from './compiled-index'
import {
  analyzeSource,
  metaOf,
  SEARCH_FIELDS,
  type AnalyzedDoc,
  type SearchField,
  type SearchMeta,
  type SearchSource,
} from './search-document'
import { parseQuery, type ParsedQuery } from './search-query'
import type { SearchHint } from './search-types'
import { expandWord, KIND_BOOST, SortedDictionary, unionDictionary, type TermDictionary } from './term-expansion'
import { LANGUAGES, queryForms, stem, words } from './text-analysis'
import type { StoryStatus } from '../stories/story'
import { nameMatches } from '../name-match'

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
  /** Where the query words matched, best first: 2 all in the title, 1 in title or values, 0 elsewhere. */
  tier: number
}

export interface EngineResult {
  hits: EngineHit[]
  total: number
  hints: SearchHint[]
  /** The query words as understood. */
  parsed: ParsedQuery
  /** Every index term the query expanded to, for highlighting. */
  terms: string[]
}

/** Built pieces of a full build: compiled shards plus the statistics they were scored with. */
export interface BuiltIndex {
  shards: CompiledIndex[]
  documentCount: number
  averageFieldLength: Record<SearchField, number>
}

export function buildAll(sources: SearchSource[]): BuiltIndex {
  const docs = sources.map(analyzeSource)
  const stats = statsOf(docs)
  const shards: CompiledIndex[] = []
  for (let i = 0; i < docs.length; i += SHARD_SIZE) {
    shards.push(compile(buildIndex(docs.slice(i, i + SHARD_SIZE), stats)))
  }
  return { shards, documentCount: stats.documentCount, averageFieldLength: stats.averageFieldLength }
}

const FIELD_CODE = Object.fromEntries(SEARCH_FIELDS.map((f, i) => [f, i])) as Record<SearchField, number>
const TITLE = FIELD_CODE.title
const VALUES = FIELD_CODE.values
/** What one story matched of a query: its score and, as bit masks, which words matched where. */
interface Match {
  score: number
  groups: number
  title: number
  values: number
}

type RankedHit = EngineHit & { matched: number }

/** Query words beyond this many are ignored: each takes one bit of a mask. */
const MAX_GROUPS = 24

interface Clause {
  boost: number
  /** Bit of the query word(s) this term stands for. */
  groups: number
  /** Field codes allowed, or -1 for all. */
  fieldMask: number
}

/**
 * The search over the whole library: compiled shards of a full build, plus a small delta of stories
 * edited since, whose stale shard copies are hidden by tombstones. Every piece was weighted by lunr's
 * BM25 with the same collection statistics, so scores add up across pieces.
 */
export class SearchEngine {
  private shards: CompiledIndex[] = []
  private shardIds = new Set<string>()
  private stats: CollectionStats = statsOf([])
  private baseDictionary: TermDictionary = new SortedDictionary(new Map())
  private delta: CompiledIndex | null = null
  private deltaDocs = new Map<string, AnalyzedDoc>()
  private deltaDictionary: TermDictionary = new SortedDictionary(new Map())
  private tombstones = new Set<string>()
  /** The terms of an edited story's stale copy in the shards, which the base statistics still count. */
  private staleTerms = new Map<string, Set<string>>()
  private meta = new Map<string, SearchMeta>()

  /** Replaces everything with a full build; `meta` holds the filter facts of every live story. */
  load(built: BuiltIndex, meta: Map<string, SearchMeta>): void {
    this.shards = built.shards
    this.shardIds = new Set(built.shards.flatMap((s) => s.docRefs))
    const df = new Map<string, number>()
    for (const shard of built.shards) {
      for (const [term, i] of shard.terms) df.set(term, (df.get(term) ?? 0) + shard.df[i])
    }
    this.stats = { documentCount: built.documentCount, averageFieldLength: built.averageFieldLength, df }
    this.baseDictionary = new SortedDictionary(df)
    this.meta = new Map(meta)
    this.deltaDocs.clear()
    this.tombstones.clear()
    this.staleTerms.clear()
    this.rebuildDelta()
  }

  /** Applies edits, e.g. those that happened while a full build was running elsewhere. */
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
    this.replay({ upserts: [source], removals: [] })
  }

  remove(id: string): void {
    this.replay({ upserts: [], removals: [id] })
  }

  private stage(source: SearchSource): void {
    this.meta.set(source.id, metaOf(source))
    if (this.shardIds.has(source.id)) this.tombstones.add(source.id)
    this.deltaDocs.set(source.id, analyzeSource(source))
  }

  private unstage(id: string): void {
    this.meta.delete(id)
    if (this.shardIds.has(id)) this.tombstones.add(id)
    this.deltaDocs.delete(id)
  }

  private rebuildDelta(): void {
    const docs = [...this.deltaDocs.values()]
    if (docs.length === 0) {
      this.delta = null
      this.deltaDictionary = new SortedDictionary(new Map())
      return
    }
    const local = statsOf(docs)
    const base = this.stats
    const merged = new Map(local.df)
    for (const [term, n] of merged) merged.set(term, n + (base.df.get(term) ?? 0))
    // An edited story is counted once, as it is now: its stale copy leaves the counts it added.
    for (const id of this.deltaDocs.keys()) {
      if (!this.tombstones.has(id)) continue
      for (const term of this.staleTermsOf(id)) {
        const n = merged.get(term)
        if (n !== undefined) merged.set(term, n - 1)
      }
    }
    // Scored as part of the whole collection, so moving into the base later barely moves a rank.
    const stats: CollectionStats = {
      documentCount: Math.max(base.documentCount, this.meta.size),
      averageFieldLength: base.documentCount ? base.averageFieldLength : local.averageFieldLength,
      df: merged,
    }
    this.delta = compile(buildIndex(docs, stats))
    this.deltaDictionary = new SortedDictionary(local.df)
  }

  /** Read once per story from the shards' postings; the shards do not change until the next full build. */
  private staleTermsOf(id: string): Set<string> {
    let terms = this.staleTerms.get(id)
    if (terms) return terms
    terms = new Set()
    for (const shard of this.shards) {
      const d = shard.docRefs.indexOf(id)
      if (d < 0) continue
      for (const [term, t] of shard.terms) {
        for (let p = shard.starts[t]; p < shard.starts[t + 1]; p++) {
          if (shard.docs[p] === d) {
            terms.add(term)
            break
          }
        }
      }
    }
    this.staleTerms.set(id, terms)
    return terms
  }

  private matchesFilters(meta: SearchMeta, f: SearchFilters): boolean {
    if (f.status && meta.status !== f.status) return false
    if (f.yearFrom !== undefined && meta.year < f.yearFrom) return false
    if (f.yearTo !== undefined && meta.year > f.yearTo) return false
    if (f.team !== undefined && !nameMatches(meta.team, f.team)) return false
    if (f.author !== undefined && !nameMatches(meta.author, f.author)) return false
    if (f.valueIds?.length && !f.valueIds.some((v) => meta.valueIds.includes(v))) return false
    return true
  }

  private pieces(): { index: CompiledIndex; isDelta: boolean }[] {
    const out = this.shards.map((index) => ({ index, isDelta: false }))
    if (this.delta) out.push({ index: this.delta, isDelta: true })
    return out
  }

  /**
   * Adds up the weights of `clauses` per story, in every piece. Returns, per matching live story,
   * the score and which query words matched where.
   */
  private accumulate(clauses: Map<string, Clause>, excluded: Set<string>): Map<string, Match> {
    const found = new Map<string, Match>()
    for (const { index, isDelta } of this.pieces()) {
      const n = index.docRefs.length
      const score = new Float64Array(n)
      const groups = new Uint32Array(n)
      const title = new Uint32Array(n)
      const values = new Uint32Array(n)
      const banned = new Uint8Array(n)
      const touched: number[] = []
      for (const term of excluded) {
        const t = index.terms.get(term)
        if (t === undefined) continue
        for (let p = index.starts[t]; p < index.starts[t + 1]; p++) banned[index.docs[p]] = 1
      }
      for (const [term, clause] of clauses) {
        const t = index.terms.get(term)
        if (t === undefined) continue
        for (let p = index.starts[t]; p < index.starts[t + 1]; p++) {
          const field = index.fields[p]
          if (clause.fieldMask !== -1 && !(clause.fieldMask & (1 << field))) continue
          const d = index.docs[p]
          if (groups[d] === 0) touched.push(d)
          score[d] += clause.boost * index.weights[p]
          groups[d] |= clause.groups
          if (field === TITLE) title[d] |= clause.groups
          else if (field === VALUES) values[d] |= clause.groups
        }
      }
      for (const d of touched) {
        if (banned[d]) continue
        const id = index.docRefs[d]
        if (!isDelta && this.tombstones.has(id)) continue
        if (!this.meta.has(id)) continue
        found.set(id, { score: score[d], groups: groups[d], title: title[d], values: values[d] })
      }
    }
    return found
  }

  /**
   * @param phraseCheck tells whether a story's text contains the phrase; only called for stories
   *   that already matched every word (or, when none does, some of them), so the text lookups stay few.
   */
  search(text: string, filters: SearchFilters = {}, phraseCheck: (id: string, phrase: string[]) => boolean = () => true): EngineResult {
    const parsed = parseQuery(text)
    parsed.required = parsed.required.slice(0, MAX_GROUPS)
    if (parsed.required.length === 0) return { hits: [], total: 0, hints: parsed.hints, parsed, terms: [] }
    const dictionary = unionDictionary([this.baseDictionary, this.deltaDictionary])

    let strongMask = 0
    const clauses = new Map<string, Clause>()
    parsed.required.forEach((q, g) => {
      const bit = 1 << g
      if (!q.weak) strongMask |= bit
      const expanded = expandWord(q.word, queryForms(q.word), dictionary, {
        prefix: q.prefix,
        exactOnly: q.common,
        stems: stemsOf,
      })
      for (const [term, kind] of expanded) {
        const clause = clauses.get(term) ?? { boost: 0, groups: 0, fieldMask: 0 }
        clause.boost = Math.max(clause.boost, KIND_BOOST[kind])
        clause.groups |= bit
        clause.fieldMask = !q.field || clause.fieldMask === -1 ? -1 : clause.fieldMask | (1 << FIELD_CODE[q.field])
        clauses.set(term, clause)
      }
    })
    const terms = [...clauses.keys()]
    if (clauses.size === 0) return { hits: [], total: 0, hints: hintsFor(parsed, 0), parsed, terms }
    const excluded = new Set(parsed.excluded.flatMap((w) => [...queryForms(w)]))

    const found = this.accumulate(clauses, excluded)
    const hits = this.rank(found, strongMask, true, filters, parsed, phraseCheck)
    // No story has every word: the stories that have the most of them are the likely answers, said so.
    const strongWords = popcount(strongMask)
    if (hits.length === 0 && strongWords >= 2) {
      const partial = this.rank(found, strongMask, false, filters, parsed, phraseCheck)
      if (partial.length) return { hits: partial, total: partial.length, hints: [...parsed.hints, { code: 'partial' }], parsed, terms }
    }
    return { hits, total: hits.length, hints: hintsFor(parsed, hits.length), parsed, terms }
  }

  /**
   * Orders the stories that pass the filters and phrases. With `all`, a story must match every
   * required word and ranks by where they matched; otherwise one word is enough and the stories with
   * more of the words come first.
   */
  private rank(
    found: Map<string, Match>,
    strongMask: number,
    all: boolean,
    filters: SearchFilters,
    parsed: ParsedQuery,
    phraseCheck: (id: string, phrase: string[]) => boolean,
  ): EngineHit[] {
    const hits: RankedHit[] = []
    for (const [id, m] of found) {
      const matched = m.groups & strongMask
      if (all ? matched !== strongMask : matched === 0) continue
      if (!this.matchesFilters(this.meta.get(id)!, filters)) continue
      if (parsed.phrases.length && !parsed.phrases.every((p) => phraseCheck(id, p))) continue
      const inTitle = (m.title & matched) === matched
      const inTitleOrValues = ((m.title | m.values) & matched) === matched
      hits.push({ id, score: m.score, tier: inTitle ? 2 : inTitleOrValues ? 1 : 0, matched: popcount(matched) })
    }
    // A full match ranks by where the words sit, a partial one by how many it has; then by score.
    const first = all ? (h: RankedHit) => h.tier : (h: RankedHit) => h.matched
    hits.sort((a, b) => first(b) - first(a) || b.score - a.score || (a.id < b.id ? -1 : 1))
    return hits.map(({ id, score, tier }) => ({ id, score, tier }))
  }

  /**
   * Stories that share the most distinctive words with this one. `similarity` is the other story's
   * score as a share of the story's own score for the same query: near 1 means a near copy.
   */
  similar(source: SearchSource, limit: number): { id: string; similarity: number }[] {
    const doc = analyzeSource(source)
    const weights = new Map<string, number>()
    const n = Math.max(this.stats.documentCount, this.meta.size, 1)
    for (const [field, factor] of [
      ['title', 2],
      ['body', 1],
    ] as const) {
      for (const term of doc.fields[field]) {
        const df = (this.stats.df.get(term) ?? 0) + this.deltaDictionary.df(term)
        weights.set(term, (weights.get(term) ?? 0) + factor * Math.log(1 + n / Math.max(df, 1)))
      }
    }
    const top = [...weights.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)
    if (top.length === 0) return []
    const fieldMask = (1 << FIELD_CODE.title) | (1 << FIELD_CODE.body)
    const clauses = new Map(top.map(([term, weight]) => [term, { boost: weight, groups: 1, fieldMask }]))
    const scores = this.accumulate(clauses, new Set())
    // The story scored against itself; a story not yet indexed is measured against its best match.
    const self = scores.get(source.id)?.score ?? Math.max(0, ...[...scores.values()].map((s) => s.score))
    if (!self) return []
    return [...scores.entries()]
      .filter(([id]) => id !== source.id)
      .map(([id, m]) => ({ id, similarity: Math.min(1, m.score / self) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit)
  }
}

function hintsFor(parsed: ParsedQuery, found: number): SearchHint[] {
  return found === 0 && parsed.onlyCommonWords ? [{ code: 'tooCommon' }] : parsed.hints
}

function popcount(mask: number): number {
  let n = 0
  for (let m = mask; m; m &= m - 1) n++
  return n
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
