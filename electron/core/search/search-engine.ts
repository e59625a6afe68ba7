import { localTerm, FIELD_COUNT, type CompiledIndex } from './compiled-index'
import { buildAll, compilePiece, SHARD_SIZE, type BuiltIndex } from './index-builder'
import { bm25, idf, LiveStatistics } from './live-statistics'
import {
  analyzeSource,
  metaOf,
  SEARCH_FIELDS,
  type AnalyzedDoc,
  type SearchField,
  type SearchMeta,
  type SearchSource,
} from './search-document'
import { topK } from './top-k'
import { parseQuery, type ParsedQuery } from './search-query'
import type { SearchHint } from './search-types'
import { expandWord, foldedTerms, KIND_BOOST } from './term-expansion'
import { LANGUAGES, queryForms, spelledAs, stem, words } from './text-analysis'
import type { StoryStatus } from '../stories/story'
import type { SearchScope } from '../accounts/story-scope'
import { nameMatches } from '../name-match'

export { buildAll, SHARD_SIZE, type BuiltIndex }

/** Past this many stories edited or deleted, the engine asks for a full rebuild (the delta is rebuilt on every edit). */
export const DELTA_LIMIT = 64

export interface SearchFilters {
  valueIds?: string[]
  status?: StoryStatus
  yearFrom?: number
  yearTo?: number
  team?: string
  author?: string
  /** A team server caller's view: their own stories and, when `approved`, the approved ones (absent: every story). */
  scope?: SearchScope
}

export interface EngineHit {
  id: string
  score: number
  /** Where the query words matched, best first: 2 all in the title, 1 in title or values, 0 elsewhere. */
  tier: number
}

export interface EngineResult {
  /** The best `want` hits, best first. */
  hits: EngineHit[]
  /** All hits. */
  total: number
  hints: SearchHint[]
  /** The query words as understood. */
  parsed: ParsedQuery
  /** Every index term the query expanded to, for highlighting. */
  terms: string[]
}

const FIELD_CODE = Object.fromEntries(SEARCH_FIELDS.map((f, i) => [f, i])) as Record<SearchField, number>
const TITLE = FIELD_CODE.title
const VALUES = FIELD_CODE.values
/**
 * What the stories matched of a query, entry i for story ids[i]: its score and, as bit masks, which
 * words matched where. Parallel arrays rather than an object per story in a Map: a common word
 * matches tens of thousands of stories, and per-story objects and string-keyed lookups dominated.
 */
interface Found {
  ids: string[]
  score: number[]
  groups: number[]
  title: number[]
  values: number[]
}

/** Query words beyond this many are ignored: each takes one bit of a mask. */
const MAX_GROUPS = 24

interface Clause {
  boost: number
  /** Bit of the query word(s) this term stands for. */
  groups: number
  /** Field codes allowed, or -1 for all. */
  fieldMask: number
}

/** A full build as loaded: where each of its stories sits, for hiding a stale copy. */
interface Base {
  built: BuiltIndex
  /** Story id → shard * stride + position in the shard. */
  where: Map<string, number>
  stride: number
  /** Per shard, 1 for a story whose copy is stale or that is not live: a flag to read instead of a lookup per hit. */
  dead: Uint8Array[]
  /** Stories of the build that are no longer live (deleted between the build and the load). */
  gone: string[]
}

const EMPTY: BuiltIndex = {
  dictionary: { terms: [], df: new Uint32Array(0), documentCount: 0, lengthSums: SEARCH_FIELDS.map(() => 0), accented: new Uint32Array(0) },
  shards: [],
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The search over the whole library: compiled shards of a full build, plus a small delta of stories
 * edited since, whose stale shard copies are hidden by tombstones. BM25 is computed at query time from
 * live statistics (the build's, less the stale copies, plus the delta), so every story scores exactly as
 * it would after a fresh full build.
 */
export class SearchEngine {
  private base: Base = { built: EMPTY, where: new Map(), stride: 1, dead: [], gone: [] }
  private live = new LiveStatistics(EMPTY.dictionary)
  private delta: CompiledIndex | null = null
  private deltaDocs = new Map<string, AnalyzedDoc>()
  /** Stories of the base whose copy there is stale (edited or deleted since the build). */
  private tombstones = new Set<string>()
  private meta = new Map<string, SearchMeta>()
  /** Counts loads, so a gradual load that another load overtook gives up. */
  private loads = 0

  /** Replaces everything with a full build; `meta` holds the filter facts of every live story. */
  load(built: BuiltIndex, meta: Map<string, SearchMeta>): void {
    this.loads++
    const base: Base = { built, where: new Map(), stride: strideOf(built), dead: [], gone: [] }
    built.shards.forEach((_, s) => locate(base, s, meta))
    this.install(base, new Map(meta), new LiveStatistics(built.dictionary))
  }

  /**
   * Same as `load`, but in slices with `await pause()` between them (one shard's stories mapped, the
   * filter facts copied, the live statistics set up), so no single step blocks the thread for long: at
   * 50,000 stories `load` takes about 40 ms in one go. Searches answer from the previous state until the
   * new one is swapped in at the end. Resolves false, changing nothing, if another load started meanwhile.
   */
  async loadGradually(built: BuiltIndex, meta: Map<string, SearchMeta>, pause: () => Promise<void> = nextTurn): Promise<boolean> {
    const ticket = ++this.loads
    const base: Base = { built, where: new Map(), stride: strideOf(built), dead: [], gone: [] }
    const steps: (() => void)[] = built.shards.map((_, s) => () => locate(base, s, meta))
    let copy = meta
    let live = this.live
    steps.push(
      () => (copy = new Map(meta)),
      () => (live = new LiveStatistics(built.dictionary)),
    )
    for (const step of steps) {
      step()
      await pause()
      if (ticket !== this.loads) return false
    }
    this.install(base, copy, live)
    return true
  }

  private install(base: Base, meta: Map<string, SearchMeta>, live: LiveStatistics): void {
    this.base = base
    this.live = live
    this.meta = meta
    this.deltaDocs.clear()
    this.tombstones.clear()
    // Their copies leave the statistics as a deletion's would: scores stay those of a fresh build.
    this.replay({ upserts: [], removals: base.gone })
  }

  /** Applies edits, e.g. those that happened while a full build was running elsewhere. */
  replay(changes: { upserts: SearchSource[]; removals: string[] }): void {
    const retired = new Map<number, number[]>()
    for (const source of changes.upserts) this.stage(source, retired)
    for (const id of changes.removals) this.unstage(id, retired)
    // One pass over each shard that held a stale copy, however many it held.
    for (const [shard, docs] of retired) this.live.removeBaseDocs(this.base.built.shards[shard], docs)
    this.rebuildDelta()
  }

  get size(): number {
    return this.meta.size
  }

  get deltaSize(): number {
    return this.deltaDocs.size
  }

  /** Stories edited, added or deleted since the full build: each one makes queries read one more piece. */
  get changedSince(): number {
    let added = 0
    for (const id of this.deltaDocs.keys()) if (!this.tombstones.has(id)) added++
    return this.tombstones.size + added
  }

  get needsRebuild(): boolean {
    return this.changedSince > DELTA_LIMIT
  }

  /** New filter facts (a status change) for a story the index holds with this same text; false if it holds none. */
  refile(source: SearchSource): boolean {
    if (!this.meta.has(source.id)) return false
    this.meta.set(source.id, metaOf(source))
    return true
  }

  upsert(source: SearchSource): void {
    this.replay({ upserts: [source], removals: [] })
  }

  remove(id: string): void {
    this.replay({ upserts: [], removals: [id] })
  }

  private stage(source: SearchSource, retired: Map<number, number[]>): void {
    this.meta.set(source.id, metaOf(source))
    this.retire(source.id, retired)
    this.deltaDocs.set(source.id, analyzeSource(source))
  }

  private unstage(id: string, retired: Map<number, number[]>): void {
    this.meta.delete(id)
    this.retire(id, retired)
    this.deltaDocs.delete(id)
  }

  /** Hides a story's copy in the base, once, and notes it in `retired` to leave the live statistics. */
  private retire(id: string, retired: Map<number, number[]>): void {
    const at = this.base.where.get(id)
    if (at === undefined || this.tombstones.has(id)) return
    this.tombstones.add(id)
    const shard = Math.floor(at / this.base.stride)
    const d = at % this.base.stride
    this.base.dead[shard][d] = 1
    const docs = retired.get(shard)
    if (docs) docs.push(d)
    else retired.set(shard, [d])
  }

  private rebuildDelta(): void {
    const docs = [...this.deltaDocs.values()]
    const piece = docs.length ? compilePiece(docs.length, (d) => docs[d]) : null
    this.delta = piece?.index ?? null
    this.live.setDelta(piece)
  }

  /** Whether a caller's scope lets them see the story (no scope: every story). */
  private inScope(id: string, status: StoryStatus | undefined, scope: SearchScope | undefined): boolean {
    return !scope || scope.own.has(id) || (scope.approved && status === 'approved')
  }

  private matchesFilters(id: string, meta: SearchMeta, f: SearchFilters): boolean {
    if (!this.inScope(id, meta.status, f.scope)) return false
    if (f.status && meta.status !== f.status) return false
    if (f.yearFrom !== undefined && meta.year < f.yearFrom) return false
    if (f.yearTo !== undefined && meta.year > f.yearTo) return false
    if (f.team !== undefined && !nameMatches(meta.team, f.team)) return false
    if (f.author !== undefined && !nameMatches(meta.author, f.author)) return false
    if (f.valueIds?.length && !f.valueIds.some((v) => meta.valueIds.includes(v))) return false
    return true
  }

  private pieces(): { index: CompiledIndex; isDelta: boolean; dead: Uint8Array | null }[] {
    const out = this.base.built.shards.map((index, s) => ({ index, isDelta: false, dead: this.base.dead[s] as Uint8Array | null }))
    // Every story of the delta is live: a removal takes it out.
    if (this.delta) out.push({ index: this.delta, isDelta: true, dead: null })
    return out
  }

  /**
   * Adds up the BM25 weights of `clauses` per story, in every piece. Returns, per matching live story,
   * the score and which query words matched where.
   */
  private accumulate(clauses: Map<string, Clause>, excluded: Set<string>): Found {
    const live = this.live
    const documentCount = Math.max(live.documentCount, 1)
    const averageLength = SEARCH_FIELDS.map((_, f) => live.averageFieldLength(f))
    // Each term's dictionary ids and idf once per query, not once per piece.
    const resolve = (term: string) => ({ baseId: live.baseId(term), deltaId: live.deltaId(term) })
    const terms = [...clauses].map(([term, clause]) => ({
      ...resolve(term),
      clause,
      idf: idf(Math.max(live.df(term), 1), documentCount),
    }))
    const bans = [...excluded].map(resolve)
    const found: Found = { ids: [], score: [], groups: [], title: [], values: [] }
    for (const { index, isDelta, dead } of this.pieces()) {
      const n = index.docRefs.length
      const score = new Float64Array(n)
      const groups = new Uint32Array(n)
      const title = new Uint32Array(n)
      const values = new Uint32Array(n)
      const banned = new Uint8Array(n)
      const touched: number[] = []
      for (const ban of bans) {
        const t = localTerm(index, isDelta ? ban.deltaId : ban.baseId)
        if (t < 0) continue
        for (let p = index.starts[t]; p < index.starts[t + 1]; p++) banned[index.docs[p]] = 1
      }
      for (const term of terms) {
        const t = localTerm(index, isDelta ? term.deltaId : term.baseId)
        if (t < 0) continue
        const { clause } = term
        for (let p = index.starts[t]; p < index.starts[t + 1]; p++) {
          const field = index.fields[p]
          if (clause.fieldMask !== -1 && !(clause.fieldMask & (1 << field))) continue
          const d = index.docs[p]
          if (groups[d] === 0) touched.push(d)
          const length = index.fieldLengths[d * FIELD_COUNT + field]
          score[d] += clause.boost * bm25(term.idf, index.tfs[p], length, averageLength[field], field)
          groups[d] |= clause.groups
          if (field === TITLE) title[d] |= clause.groups
          else if (field === VALUES) values[d] |= clause.groups
        }
      }
      for (const d of touched) {
        if (banned[d] || (dead && dead[d])) continue
        found.ids.push(index.docRefs[d])
        found.score.push(score[d])
        found.groups.push(groups[d])
        found.title.push(title[d])
        found.values.push(values[d])
      }
    }
    return found
  }

  /**
   * @param phraseCheck tells whether a story's text contains the phrase; only called for stories
   *   that already matched every word (or, when none does, some of them), so the text lookups stay few.
   * @param want how many of the best hits to return in order (e.g. the end of the page shown); all by default.
   */
  search(
    text: string,
    filters: SearchFilters = {},
    phraseCheck: (id: string, phrase: string[]) => boolean = () => true,
    want = Infinity,
  ): EngineResult {
    const parsed = parseQuery(text)
    parsed.required = parsed.required.slice(0, MAX_GROUPS)
    if (parsed.required.length === 0) return { hits: [], total: 0, hints: parsed.hints, parsed, terms: [] }
    const dictionary = this.live

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
    const excluded = new Set(parsed.excluded.flatMap((w) => [...queryForms(w), ...foldedTerms(w, queryForms(w), dictionary)]))

    const found = this.accumulate(clauses, excluded)
    const { hits, total } = this.rank(found, strongMask, true, filters, parsed, phraseCheck, want)
    // No story has every word: the stories that have the most of them are the likely answers, said so.
    const strongWords = popcount(strongMask)
    if (total === 0 && strongWords >= 2) {
      const partial = this.rank(found, strongMask, false, filters, parsed, phraseCheck, want)
      if (partial.total) return { ...partial, hints: [...parsed.hints, { code: 'partial' }], parsed, terms }
    }
    return { hits, total, hints: hintsFor(parsed, total), parsed, terms }
  }

  /**
   * Orders the stories that pass the filters and phrases. With `all`, a story must match every
   * required word and ranks by where they matched; otherwise one word is enough and the stories with
   * more of the words come first.
   */
  private rank(
    found: Found,
    strongMask: number,
    all: boolean,
    filters: SearchFilters,
    parsed: ParsedQuery,
    phraseCheck: (id: string, phrase: string[]) => boolean,
    want: number,
  ): { hits: EngineHit[]; total: number } {
    const { ids, score, groups, title, values } = found
    const filtered = hasFilters(filters)
    const passing: number[] = []
    const tiers = new Uint8Array(ids.length)
    // A full match ranks by where the words sit, a partial one by how many it has; then by score.
    const first = new Uint8Array(ids.length)
    for (let i = 0; i < ids.length; i++) {
      const matched = groups[i] & strongMask
      if (all ? matched !== strongMask : matched === 0) continue
      const id = ids[i]
      if (filtered && !this.matchesFilters(id, this.meta.get(id)!, filters)) continue
      if (parsed.phrases.length && !parsed.phrases.every((p) => phraseCheck(id, p))) continue
      const inTitle = (title[i] & matched) === matched
      const inTitleOrValues = ((title[i] | values[i]) & matched) === matched
      tiers[i] = inTitle ? 2 : inTitleOrValues ? 1 : 0
      first[i] = all ? tiers[i] : popcount(matched)
      passing.push(i)
    }
    const best = topK(passing, want, (a, b) => first[b] - first[a] || score[b] - score[a] || (ids[a] < ids[b] ? -1 : 1))
    return { hits: best.map((i) => ({ id: ids[i], score: score[i], tier: tiers[i] })), total: passing.length }
  }

  /**
   * Stories that share the most distinctive words with this one. `similarity` is the other story's
   * score as a share of the story's own score for the same query: near 1 means a near copy.
   */
  /** The stories most like `source`, among those `scope` lets the caller see. */
  similar(source: SearchSource, limit: number, scope?: SearchScope): { id: string; similarity: number }[] {
    const doc = analyzeSource(source)
    const weights = new Map<string, number>()
    const n = Math.max(this.live.documentCount, 1)
    for (const [field, factor] of [
      ['title', 2],
      ['body', 1],
    ] as const) {
      for (const term of doc.fields[field]) {
        const df = this.live.df(term)
        weights.set(term, (weights.get(term) ?? 0) + factor * Math.log(1 + n / Math.max(df, 1)))
      }
    }
    const top = [...weights.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)
    if (top.length === 0) return []
    const fieldMask = (1 << FIELD_CODE.title) | (1 << FIELD_CODE.body)
    const clauses = new Map(top.map(([term, weight]) => [term, { boost: weight, groups: 1, fieldMask }]))
    const { ids, score } = this.accumulate(clauses, new Set())
    // The story scored against itself; a story not yet indexed is measured against its best match.
    const at = ids.indexOf(source.id)
    const self = at >= 0 ? score[at] : score.reduce((a, b) => Math.max(a, b), 0)
    if (!self) return []
    return ids
      .map((id, i) => ({ id, similarity: Math.min(1, score[i] / self) }))
      .filter(({ id }) => id !== source.id && this.inScope(id, this.meta.get(id)?.status, scope))
      .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
  }
}

/** Positions are encoded as shard * stride + position. */
function strideOf(built: BuiltIndex): number {
  return Math.max(SHARD_SIZE, ...built.shards.map((s) => s.docRefs.length))
}

/** Maps one shard's stories; one not among the live stories' `meta` is dead from the start. */
function locate(base: Base, shard: number, meta: Map<string, SearchMeta>): void {
  const { docRefs } = base.built.shards[shard]
  const dead = (base.dead[shard] = new Uint8Array(docRefs.length))
  docRefs.forEach((id, d) => {
    base.where.set(id, shard * base.stride + d)
    if (meta.has(id)) return
    dead[d] = 1
    base.gone.push(id)
  })
}

function hasFilters(f: SearchFilters): boolean {
  return Boolean(
    f.scope ||
    f.status ||
    f.yearFrom !== undefined ||
    f.yearTo !== undefined ||
    f.team !== undefined ||
    f.author !== undefined ||
    f.valueIds?.length,
  )
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

/** Whether `text` contains the words of `phrase` in a row (case-insensitive, punctuation ignored, folded as typed). */
export function containsPhrase(text: string, phrase: string[]): boolean {
  const sequence = words(text)
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!spelledAs(phrase[j], sequence[i + j])) continue outer
    return true
  }
  return false
}
