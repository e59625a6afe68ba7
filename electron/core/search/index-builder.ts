import lunr from 'lunr'
import { FIELD_BOOST, SEARCH_FIELDS, type AnalyzedDoc, type SearchField } from './search-document'

/**
 * Collection-wide numbers that BM25 needs. Every piece of the index (each shard, and the small delta
 * of recent edits) is scored with the same numbers, so a story's score does not depend on which
 * piece happens to hold it.
 */
export interface CollectionStats {
  documentCount: number
  averageFieldLength: Record<SearchField, number>
  /** Documents containing each term, across the whole collection. */
  df: Map<string, number>
}

export function statsOf(docs: AnalyzedDoc[]): CollectionStats {
  const df = new Map<string, number>()
  const lengthSums = Object.fromEntries(SEARCH_FIELDS.map((f) => [f, 0])) as Record<SearchField, number>
  for (const doc of docs) {
    const seen = new Set<string>()
    for (const field of SEARCH_FIELDS) {
      lengthSums[field] += doc.fields[field].length
      for (const term of doc.fields[field]) seen.add(term)
    }
    for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1)
  }
  const n = Math.max(docs.length, 1)
  return {
    documentCount: docs.length,
    averageFieldLength: Object.fromEntries(SEARCH_FIELDS.map((f) => [f, lengthSums[f] / n || 1])) as Record<SearchField, number>,
    df,
  }
}

/** lunr's own idf formula, fed collection-wide counts. */
function idf(documentFrequency: number, documentCount: number): number {
  const x = (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)
  return Math.log(1 + Math.abs(x))
}

interface BuilderInternals {
  fieldTermFrequencies: Record<string, Record<string, number>>
  fieldLengths: Record<string, number>
  invertedIndex: Record<string, { _index: number }>
  fieldVectors: Record<string, lunr.Vector>
  _k1: number
  _b: number
}

/**
 * A lunr index over already-analysed documents. Our analysis (Unicode words, per-language stop
 * words and stemmers) replaces lunr's pipeline, and BM25 weights come from `stats` rather than
 * from the documents in this one index.
 */
export function buildIndex(docs: AnalyzedDoc[], stats: CollectionStats): lunr.Index {
  const builder = new lunr.Builder()
  builder.pipeline.reset()
  builder.searchPipeline.reset()
  builder.metadataWhitelist = []
  builder.ref('id')
  for (const field of SEARCH_FIELDS) builder.field(field, { boost: FIELD_BOOST[field] })
  for (const doc of docs) builder.add({ id: doc.id, ...doc.fields })

  const internals = builder as unknown as BuilderInternals & { createFieldVectors(): void }
  // lunr's typings leave out these internals; FieldRef and createFieldVectors are stable since lunr 2.0.
  const FieldRef = (lunr as unknown as { FieldRef: { fromString(s: string): { fieldName: string } } }).FieldRef
  // Replaces lunr.Builder#createFieldVectors: same BM25, collection-wide statistics.
  internals.createFieldVectors = function createFieldVectors() {
    const vectors: Record<string, lunr.Vector> = {}
    const idfCache = new Map<string, number>()
    for (const fieldRefText of Object.keys(internals.fieldTermFrequencies)) {
      const fieldRef = FieldRef.fromString(fieldRefText)
      const field = fieldRef.fieldName as SearchField
      const length = internals.fieldLengths[fieldRefText]
      const frequencies = internals.fieldTermFrequencies[fieldRefText]
      const vector = new lunr.Vector([])
      for (const term of Object.keys(frequencies)) {
        const tf = frequencies[term]
        let termIdf = idfCache.get(term)
        if (termIdf === undefined) {
          termIdf = idf(Math.max(stats.df.get(term) ?? 0, 1), Math.max(stats.documentCount, 1))
          idfCache.set(term, termIdf)
        }
        const k1 = internals._k1
        const b = internals._b
        const norm = k1 * (1 - b + (b * length) / stats.averageFieldLength[field]) + tf
        const score = ((termIdf * (k1 + 1) * tf) / norm) * FIELD_BOOST[field]
        vector.insert(internals.invertedIndex[term]._index, Math.round(score * 1000) / 1000)
      }
      vectors[fieldRefText] = vector
    }
    internals.fieldVectors = vectors
  }
  return builder.build()
}
