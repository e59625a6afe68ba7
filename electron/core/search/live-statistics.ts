import { FIELD_COUNT, lowerBound, termIndex, type CompiledDictionary, type CompiledIndex } from './compiled-index'
import type { Piece } from './index-builder'
import { FIELD_BOOST, SEARCH_FIELDS } from './search-document'
import { FoldedTerms, type TermDictionary } from './term-expansion'
import { fold } from './text-analysis'

/** lunr's BM25 parameters and field boosts, by field code. */
const K1 = 1.2
const B = 0.75
/** Part of the saved index's key. */
export const BM25 = { k1: K1, b: B }
const BOOST = SEARCH_FIELDS.map((f) => FIELD_BOOST[f])

/** lunr's idf formula. */
export function idf(documentFrequency: number, documentCount: number): number {
  const x = (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)
  return Math.log(1 + Math.abs(x))
}

/** lunr's BM25 weight of one term in one field of one document, with the field's boost. */
export function bm25(termIdf: number, tf: number, length: number, averageLength: number, field: number): number {
  const norm = K1 * (1 - B + (B * length) / averageLength) + tf
  return ((termIdf * (K1 + 1) * tf) / norm) * BOOST[field]
}

/** The dictionary's terms with diacritics, by folded form; listed by the build, not found here. */
function foldedTerms(dictionary: CompiledDictionary | undefined): FoldedTerms {
  return new FoldedTerms(dictionary ? Array.from(dictionary.accented, (id) => dictionary.terms[id]) : [])
}

/**
 * The collection statistics of the live stories, exactly: a full build's counts, minus the stale copies
 * of the stories edited or deleted since, plus the recent edits. BM25 reads these at query time, so a
 * story scores the same as it would after a fresh full build, whichever piece holds it.
 * It is also the term dictionary the query words expand against: a term only stale copies hold is gone.
 */
export class LiveStatistics implements TermDictionary {
  /** Base document frequencies, less the stale copies. */
  private readonly baseDf: Uint32Array
  private removedCount = 0
  private readonly removedSums = SEARCH_FIELDS.map(() => 0)
  private delta: Piece | null = null
  private readonly baseFolded: FoldedTerms
  private deltaFolded = new FoldedTerms([])

  constructor(private readonly base: CompiledDictionary) {
    this.baseDf = base.df.slice()
    this.baseFolded = foldedTerms(base)
  }

  /**
   * Stops counting documents `docs` of a base shard; call once per story. One pass over the shard's
   * postings marks them all: a replay after opening may retire dozens of stories at once.
   */
  removeBaseDocs(shard: CompiledIndex, docs: number[]): void {
    const { termIds, starts, docs: postingDocs, fieldLengths } = shard
    const retired = new Uint8Array(shard.docRefs.length)
    for (const d of docs) retired[d] = 1
    for (let t = 0; t < termIds.length; t++) {
      // A term's postings are in document order: a document's fields follow each other.
      let last = -1
      for (let p = starts[t]; p < starts[t + 1]; p++) {
        const d = postingDocs[p]
        if (retired[d] && d !== last) this.baseDf[termIds[t]]--
        last = d
      }
    }
    for (const d of docs) {
      for (let f = 0; f < FIELD_COUNT; f++) this.removedSums[f] += fieldLengths[d * FIELD_COUNT + f]
    }
    this.removedCount += docs.length
  }

  /** The recent edits, compiled as one piece with its own dictionary. */
  setDelta(piece: Piece | null): void {
    this.delta = piece
    this.deltaFolded = foldedTerms(piece?.dictionary)
  }

  get documentCount(): number {
    return this.base.documentCount - this.removedCount + (this.delta?.dictionary.documentCount ?? 0)
  }

  averageFieldLength(field: number): number {
    const sum = this.base.lengthSums[field] - this.removedSums[field] + (this.delta?.dictionary.lengthSums[field] ?? 0)
    return sum / Math.max(this.documentCount, 1) || 1
  }

  baseId(term: string): number {
    return termIndex(this.base.terms, term)
  }

  deltaId(term: string): number {
    return this.delta ? termIndex(this.delta.dictionary.terms, term) : -1
  }

  df(term: string): number {
    const b = this.baseId(term)
    const d = this.deltaId(term)
    return (b < 0 ? 0 : this.baseDf[b]) + (d < 0 ? 0 : this.delta!.dictionary.df[d])
  }

  has(term: string): boolean {
    return this.df(term) > 0
  }

  /** Live terms starting with `prefix`, in sorted order, as a fresh build's dictionary would list them. */
  withPrefix(prefix: string, limit: number): string[] {
    const base = this.base.terms
    const delta = this.delta?.dictionary.terms ?? []
    let i = lowerBound(base, prefix)
    let j = lowerBound(delta, prefix)
    const out: string[] = []
    while (out.length < limit) {
      const a = i < base.length && base[i].startsWith(prefix) ? base[i] : undefined
      const b = j < delta.length && delta[j].startsWith(prefix) ? delta[j] : undefined
      if (a === undefined && b === undefined) break
      let term: string
      if (b === undefined || (a !== undefined && a < b)) term = base[i++]
      else if (a === undefined || b < a) term = delta[j++]
      else {
        term = a
        i++
        j++
      }
      if (this.has(term)) out.push(term)
    }
    return out
  }

  /**
   * Live terms with diacritics that fold to `key` (or start with it), in the order a fresh build's
   * dictionary lists them: by folded form, then term. Both sides are read whole before `limit`, as a
   * stale term may fill a place that a live one takes in a fresh build.
   */
  accented(key: string, prefix: boolean, limit: number): string[] {
    const found = new Set([...this.baseFolded.lookup(key, prefix, Infinity), ...this.deltaFolded.lookup(key, prefix, Infinity)])
    const folded = new Map([...found].filter((t) => this.has(t)).map((t) => [t, fold(t)]))
    return [...folded.keys()]
      .sort((a, b) => (folded.get(a)! < folded.get(b)! ? -1 : folded.get(a)! > folded.get(b)! ? 1 : a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
  }
}
