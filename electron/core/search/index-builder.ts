import { FIELD_COUNT, type CompiledDictionary, type CompiledIndex } from './compiled-index'
import { analyzeSource, SEARCH_FIELDS, type AnalyzedDoc, type SearchSource } from './search-document'

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
 * Postings straight from analysed documents into typed arrays. lunr.Builder kept every posting as
 * objects and strings (2 GB at 50,000 stories); here one shard's postings live in plain number
 * arrays only while it is compiled.
 */
export function compilePiece(docs: AnalyzedDoc[]): Piece {
  const local = new Map<string, number>()
  const names: string[] = []
  const termOf: number[] = []
  const docOf: number[] = []
  const fieldOf: number[] = []
  const tfOf: number[] = []
  const fieldLengths = new Uint32Array(docs.length * FIELD_COUNT)
  const lengthSums = SEARCH_FIELDS.map(() => 0)
  docs.forEach((doc, d) => {
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
        termOf.push(id)
        docOf.push(d)
        fieldOf.push(f)
        tfOf.push(tf)
      }
    })
  })
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0))
  const rank = new Uint32Array(names.length)
  order.forEach((id, r) => (rank[id] = r))
  const starts = new Uint32Array(names.length + 1)
  for (const id of termOf) starts[rank[id] + 1]++
  for (let r = 0; r < names.length; r++) starts[r + 1] += starts[r]
  const total = termOf.length
  const next = starts.slice(0, names.length)
  const postingDocs = new Uint32Array(total)
  const fields = new Uint8Array(total)
  const tfs = new Uint32Array(total)
  // Postings were added document by document, so each term's stay in document order: a stable scatter.
  for (let p = 0; p < total; p++) {
    const at = next[rank[termOf[p]]]++
    postingDocs[at] = docOf[p]
    fields[at] = fieldOf[p]
    tfs[at] = tfOf[p]
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
      docRefs: docs.map((d) => d.id),
      termIds: Uint32Array.from(order, (_, r) => r),
      starts,
      docs: postingDocs,
      fields,
      tfs,
      fieldLengths,
    },
    dictionary: { terms: order.map((id) => names[id]), df, documentCount: docs.length, lengthSums },
  }
}

/**
 * A full build: shard by shard, each analysed and compiled while only its own documents are held,
 * then one merged dictionary. Runs in a worker thread in the app.
 */
export function buildAll(sources: SearchSource[]): BuiltIndex {
  const pieces: Piece[] = []
  const df = new Map<string, number>()
  const lengthSums = SEARCH_FIELDS.map(() => 0)
  for (let i = 0; i < sources.length; i += SHARD_SIZE) {
    const piece = compilePiece(sources.slice(i, i + SHARD_SIZE).map(analyzeSource))
    piece.dictionary.terms.forEach((term, t) => df.set(term, (df.get(term) ?? 0) + piece.dictionary.df[t]))
    piece.dictionary.lengthSums.forEach((sum, f) => (lengthSums[f] += sum))
    pieces.push(piece)
  }
  const terms = [...df.keys()].sort()
  const ids = new Map(terms.map((term, id) => [term, id]))
  const shards = pieces.map(({ index, dictionary }) => {
    // Both term lists are sorted, so the shard's ids stay ascending.
    index.termIds = Uint32Array.from(dictionary.terms, (term) => ids.get(term)!)
    return index
  })
  return {
    dictionary: { terms, df: Uint32Array.from(terms, (term) => df.get(term)!), documentCount: sources.length, lengthSums },
    shards,
  }
}
