import { docArray, FIELD_COUNT, MAX_TF, type CompiledDictionary, type CompiledIndex } from './compiled-index'
import { analyzeSource, SEARCH_FIELDS, type AnalyzedDoc, type SearchSource } from './search-document'
import { isPlain } from './text-analysis'

/** Shards bound the size of one blob and of one slice of a gradual load. */
export const SHARD_SIZE = 2_000

/** Built pieces of a full build: the shards' postings, and one dictionary their term ids point into. */
export interface BuiltIndex {
  dictionary: CompiledDictionary
  shards: CompiledIndex[]
}

/** A piece with its own dictionary (term ids 0, 1, … in sorted order): the recent edits, or one shard mid-build. */
export interface Piece {
  index: CompiledIndex
  dictionary: CompiledDictionary
}

/**
 * Postings as they are collected, before they are grouped by term: one per build, reused by every
 * shard and only ever grown. A growing array per shard left large garbage arrays behind (V8 puts
 * them straight into the old generation): a 50,000-story build peaked 160 MB higher.
 */
class Scratch {
  term = new Uint32Array(1 << 12)
  doc = new Uint32Array(1 << 12)
  field = new Uint8Array(1 << 12)
  tf = new Uint32Array(1 << 12)
  length = 0
  push(term: number, doc: number, field: number, tf: number): void {
    if (this.length === this.term.length) this.grow()
    const at = this.length++
    this.term[at] = term
    this.doc[at] = doc
    this.field[at] = field
    this.tf[at] = tf
  }
  private grow(): void {
    const size = this.term.length * 2
    const grown = <T extends Uint32Array | Uint8Array>(old: T, make: new (n: number) => T) => {
      const next = new make(size)
      next.set(old)
      return next
    }
    this.term = grown(this.term, Uint32Array)
    this.doc = grown(this.doc, Uint32Array)
    this.field = grown(this.field, Uint8Array)
    this.tf = grown(this.tf, Uint32Array)
  }
}

/**
 * Postings straight from analysed documents into typed arrays. lunr.Builder kept every posting as
 * objects and strings (2 GB at 50,000 stories). Documents are asked for one at a time, so a build
 * holds one document's analysis at once, not a shard's. `docAt` may run out before `at most`
 * (undefined): the piece then holds the documents it was given.
 */
export function compilePiece(atMost: number, docAt: (i: number) => AnalyzedDoc | undefined, collected = new Scratch()): Piece {
  const local = new Map<string, number>()
  const names: string[] = []
  collected.length = 0
  const docRefs: string[] = []
  let fieldLengths = new Uint32Array(atMost * FIELD_COUNT)
  const lengthSums = SEARCH_FIELDS.map(() => 0)
  let count = 0
  for (let d = 0; d < atMost; d++) {
    const doc = docAt(d)
    if (!doc) break
    count++
    docRefs.push(doc.id)
    SEARCH_FIELDS.forEach((field, f) => {
      const tokens = doc.fields[field]
      fieldLengths[d * FIELD_COUNT + f] = tokens.length
      lengthSums[f] += tokens.length
      const counts = new Map<string, number>()
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
      for (const [term, tf] of counts) {
        let id = local.get(term)
        if (id === undefined) {
          id = names.length
          names.push(term)
          local.set(term, id)
        }
        collected.push(id, d, f, tf)
      }
    })
  }
  if (count < atMost) fieldLengths = fieldLengths.slice(0, count * FIELD_COUNT)
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0))
  const rank = new Uint32Array(names.length)
  order.forEach((id, r) => (rank[id] = r))
  const starts = new Uint32Array(names.length + 1)
  const total = collected.length
  const { term: termOf, doc: docOf, field: fieldOf, tf: tfOf } = collected
  for (let p = 0; p < total; p++) starts[rank[termOf[p]] + 1]++
  for (let r = 0; r < names.length; r++) starts[r + 1] += starts[r]
  const next = starts.slice(0, names.length)
  const postingDocs = docArray(count, total)
  const fields = new Uint8Array(total)
  const tfs = new Uint16Array(total)
  // Postings were added document by document, so each term's stay in document order: a stable scatter.
  for (let p = 0; p < total; p++) {
    const at = next[rank[termOf[p]]]++
    postingDocs[at] = docOf[p]
    fields[at] = fieldOf[p]
    tfs[at] = Math.min(tfOf[p], MAX_TF)
  }
  const df = new Uint32Array(names.length)
  for (let r = 0; r < names.length; r++) {
    let last = -1
    for (let p = starts[r]; p < starts[r + 1]; p++) {
      if (postingDocs[p] !== last) df[r]++
      last = postingDocs[p]
    }
  }
  return {
    index: {
      docRefs,
      termIds: Uint32Array.from(order, (_, r) => r),
      starts,
      docs: postingDocs,
      fields,
      tfs,
      fieldLengths,
    },
    dictionary: dictionaryOf(
      order.map((id) => names[id]),
      df,
      count,
      lengthSums,
    ),
  }
}

/**
 * A full build: shard by shard, each analysed and compiled while only its own documents are held,
 * then one merged dictionary. Runs in a worker thread in the app. Sources are taken one at a time
 * as they are analysed, so a build fed from a statement (index-snapshot) holds one story's text at
 * once: 50,000 stories' texts, read first, took 110 MB more, and kept the heap growing with them.
 */
export function buildAll(sources: Iterable<SearchSource>): BuiltIndex {
  const pieces: Piece[] = []
  const df = new Map<string, number>()
  const lengthSums = SEARCH_FIELDS.map(() => 0)
  const scratch = new Scratch()
  const stream = sources[Symbol.iterator]()
  const next = () => {
    const item = stream.next()
    return item.done ? undefined : analyzeSource(item.value)
  }
  let documentCount = 0
  for (;;) {
    const piece = compilePiece(SHARD_SIZE, next, scratch)
    const count = piece.index.docRefs.length
    if (count === 0) break
    piece.dictionary.terms.forEach((term, t) => df.set(term, (df.get(term) ?? 0) + piece.dictionary.df[t]))
    piece.dictionary.lengthSums.forEach((sum, f) => (lengthSums[f] += sum))
    pieces.push(piece)
    documentCount += count
    if (count < SHARD_SIZE) break
  }
  const terms = [...df.keys()].sort()
  const ids = new Map(terms.map((term, id) => [term, id]))
  const shards = pieces.map(({ index, dictionary }) => {
    // Both term lists are sorted, so the shard's ids stay ascending.
    index.termIds = Uint32Array.from(dictionary.terms, (term) => ids.get(term)!)
    return index
  })
  return {
    dictionary: dictionaryOf(
      terms,
      Uint32Array.from(terms, (term) => df.get(term)!),
      documentCount,
      lengthSums,
    ),
    shards,
  }
}

function dictionaryOf(terms: string[], df: Uint32Array, documentCount: number, lengthSums: number[]): CompiledDictionary {
  const accented: number[] = []
  terms.forEach((term, id) => {
    if (!isPlain(term)) accented.push(id)
  })
  return { terms, df, documentCount, lengthSums, accented: Uint32Array.from(accented) }
}
