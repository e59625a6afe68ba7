import { SEARCH_FIELDS } from './search-document'

export const FIELD_COUNT = SEARCH_FIELDS.length

/** Changes with the layout below; part of the saved index's key. */
export const COMPILED_FORMAT =
  'compiled 4 (term ids, 16-bit documents and term frequencies, field lengths, accented terms; BM25 at query time)'

export const MAX_TF = 0xffff

/** Document numbers of a piece with `count` documents. */
export function docArray(count: number, length: number): Uint16Array | Uint32Array {
  return count <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length)
}

/**
 * One piece of the index in typed arrays: for every term, its postings (document, field, term
 * frequency), and every document's field lengths. Scores are not stored: BM25 is computed at query
 * time from the live collection statistics, so an edit elsewhere can never leave a stale weight here.
 * Typed arrays instead of lunr's object graph: a query adds up numbers, a build needs a fraction of
 * the memory, and a piece loads from one binary blob.
 */
export interface CompiledIndex {
  docRefs: string[]
  /** This piece's terms as ids in its dictionary, ascending. */
  termIds: Uint32Array
  /** Postings of the i-th term: docs/fields/tfs[starts[i] .. starts[i + 1]), by document, then field. */
  starts: Uint32Array
  /** 16 bits while a piece has at most 65,536 documents (every shard): postings are most of a blob. */
  docs: Uint16Array | Uint32Array
  fields: Uint8Array
  /** Capped at MAX_TF; BM25 saturates long before. */
  tfs: Uint16Array
  /** Number of terms in field f of document d: [d * FIELD_COUNT + f]. */
  fieldLengths: Uint32Array
}

/** The terms of a full build (or of the recent edits) with the collection statistics BM25 needs. */
export interface CompiledDictionary {
  /** Sorted by UTF-16 code units (plain `<`), so a binary search finds a term or a prefix. */
  terms: string[]
  /** Documents containing each term. */
  df: Uint32Array
  documentCount: number
  /** Total terms per field over all documents, in SEARCH_FIELDS order. */
  lengthSums: number[]
  /**
   * Ids of the terms with diacritics (whose folded form differs), ascending: found in the worker, so
   * a load need not fold 100,000 terms on the main thread to answer "umea" with "umeå".
   */
  accented: Uint32Array
}

/** First position in sorted `terms` whose term is ≥ `term`. */
export function lowerBound(terms: string[], term: string): number {
  let lo = 0
  let hi = terms.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (terms[mid] < term) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function termIndex(terms: string[], term: string): number {
  const at = lowerBound(terms, term)
  return at < terms.length && terms[at] === term ? at : -1
}

/** Position of `value` in the ascending `values[from .. to)`, or the position it would take. */
export function lowerBoundOf(values: Uint32Array, value: number, from = 0, to = values.length): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (values[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Where term `id` of the dictionary sits in this piece, or -1. */
export function localTerm(index: CompiledIndex, id: number): number {
  if (id < 0) return -1
  const at = lowerBoundOf(index.termIds, id)
  return at < index.termIds.length && index.termIds[at] === id ? at : -1
}

const align4 = (n: number) => (n + 3) & ~3

type Arrays = (Uint32Array | Uint16Array | Uint8Array)[]

/** One blob: a JSON header, then the arrays, each 4-byte aligned so they can be viewed in place. */
function pack(header: unknown, arrays: Arrays): Buffer {
  const json = Buffer.from(JSON.stringify(header))
  let size = align4(4 + json.length)
  for (const a of arrays) size += align4(a.byteLength)
  const out = Buffer.alloc(size)
  out.writeUInt32LE(json.length, 0)
  json.copy(out, 4)
  let at = align4(4 + json.length)
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at)
    at += align4(a.byteLength)
  }
  return out
}

function unpack<H>(blob: Uint8Array) {
  // The typed arrays view the blob in place when it is 4-byte aligned (a blob of its own, as SQLite
  // and a worker hand it over); otherwise it is copied once into an aligned buffer.
  let bytes = blob
  if (blob.byteOffset % 4 !== 0) {
    bytes = new Uint8Array(blob.byteLength)
    bytes.set(blob)
  }
  const { buffer, byteOffset } = bytes
  const length = new DataView(buffer, byteOffset).getUint32(0, true)
  const header = JSON.parse(Buffer.from(buffer, byteOffset + 4, length).toString('utf8')) as H
  let at = byteOffset + align4(4 + length)
  const next = <T extends Uint32Array | Uint16Array | Uint8Array>(
    make: new (b: ArrayBufferLike, o: number, l: number) => T,
    count: number,
  ) => {
    const array = new make(buffer, at, count)
    at += align4(array.byteLength)
    return array
  }
  return { header, next }
}

export function serialize(c: CompiledIndex): Buffer {
  const header = { docRefs: c.docRefs, terms: c.termIds.length, postings: c.docs.length, wideDocs: c.docs instanceof Uint32Array }
  return pack(header, [c.termIds, c.starts, c.fieldLengths, c.docs, c.tfs, c.fields])
}

export function deserialize(blob: Uint8Array): CompiledIndex {
  const { header, next } = unpack<{ docRefs: string[]; terms: number; postings: number; wideDocs: boolean }>(blob)
  return {
    docRefs: header.docRefs,
    termIds: next(Uint32Array, header.terms),
    starts: next(Uint32Array, header.terms + 1),
    fieldLengths: next(Uint32Array, header.docRefs.length * FIELD_COUNT),
    docs: header.wideDocs ? next(Uint32Array, header.postings) : next(Uint16Array, header.postings),
    tfs: next(Uint16Array, header.postings),
    fields: next(Uint8Array, header.postings),
  }
}

export function serializeDictionary(d: CompiledDictionary): Buffer {
  // One newline-joined string: splitting it is much faster than parsing a JSON array of 150,000 strings.
  // Terms are runs of letters and digits, so they hold no newline.
  const header = {
    terms: d.terms.join('\n'),
    count: d.terms.length,
    accented: d.accented.length,
    documentCount: d.documentCount,
    lengthSums: d.lengthSums,
  }
  return pack(header, [d.df, d.accented])
}

export function deserializeDictionary(blob: Uint8Array): CompiledDictionary {
  const { header, next } = unpack<{ terms: string; count: number; accented: number; documentCount: number; lengthSums: number[] }>(blob)
  return {
    terms: header.count ? header.terms.split('\n') : [],
    df: next(Uint32Array, header.count),
    accented: next(Uint32Array, header.accented),
    documentCount: header.documentCount,
    lengthSums: header.lengthSums,
  }
}
