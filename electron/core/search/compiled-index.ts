import type lunr from 'lunr'
import { SEARCH_FIELDS } from './search-document'

/**
 * A lunr index flattened into typed arrays: for every term, its postings (document, field, BM25
 * weight as lunr computed it into the field vectors). Queries then add up numbers instead of walking
 * lunr's object graph and building MatchData for every hit, and the index loads from one binary
 * blob instead of parsing megabytes of JSON.
 */
export interface CompiledIndex {
  docRefs: string[]
  terms: Map<string, number>
  /** postings of term i: docs/fields/weights[starts[i] .. starts[i + 1]) */
  starts: Uint32Array
  docs: Uint32Array
  fields: Uint8Array
  weights: Float32Array
  /** Documents containing term i, in this piece. */
  df: Uint32Array
}

interface LunrInternals {
  invertedIndex: Record<string, Record<string, Record<string, unknown>> & { _index: number }>
  fieldVectors: Record<string, { elements: number[] }>
}

/** The weight of `termIndex` in a lunr vector: its elements are [index, value, index, value, …] sorted by index. */
function weightIn(elements: number[], termIndex: number): number {
  let lo = 0
  let hi = elements.length / 2 - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const at = elements[mid * 2]
    if (at === termIndex) return elements[mid * 2 + 1]
    if (at < termIndex) lo = mid + 1
    else hi = mid - 1
  }
  return 0
}

export function compile(index: lunr.Index): CompiledIndex {
  const { invertedIndex, fieldVectors } = index as unknown as LunrInternals
  const termList = Object.keys(invertedIndex).sort()
  const docIndex = new Map<string, number>()
  const docRefs: string[] = []
  let total = 0
  for (const term of termList) {
    for (const field of SEARCH_FIELDS) total += Object.keys(invertedIndex[term][field] ?? {}).length
  }
  const starts = new Uint32Array(termList.length + 1)
  const docs = new Uint32Array(total)
  const fields = new Uint8Array(total)
  const weights = new Float32Array(total)
  const df = new Uint32Array(termList.length)
  let at = 0
  termList.forEach((term, t) => {
    starts[t] = at
    const posting = invertedIndex[term]
    const seen = new Set<number>()
    SEARCH_FIELDS.forEach((field, f) => {
      for (const ref of Object.keys(posting[field] ?? {})) {
        let d = docIndex.get(ref)
        if (d === undefined) {
          d = docRefs.length
          docRefs.push(ref)
          docIndex.set(ref, d)
        }
        seen.add(d)
        docs[at] = d
        fields[at] = f
        weights[at] = weightIn(fieldVectors[`${field}/${ref}`].elements, posting._index)
        at++
      }
    })
    df[t] = seen.size
  })
  starts[termList.length] = at
  return { docRefs, terms: new Map(termList.map((t, i) => [t, i])), starts, docs, fields, weights, df }
}

const align4 = (n: number) => (n + 3) & ~3

/** One blob: a JSON header (document refs, terms) and the four arrays. */
export function serialize(c: CompiledIndex): Buffer {
  const header = Buffer.from(JSON.stringify({ docRefs: c.docRefs, terms: [...c.terms.keys()], postings: c.docs.length }))
  const headerSize = align4(4 + header.length)
  const parts = [c.starts, c.df, c.docs, c.weights]
  const size = headerSize + parts.reduce((s, p) => s + p.byteLength, 0) + align4(c.fields.byteLength)
  const out = Buffer.alloc(size)
  out.writeUInt32LE(header.length, 0)
  header.copy(out, 4)
  let at = headerSize
  for (const p of parts) {
    Buffer.from(p.buffer, p.byteOffset, p.byteLength).copy(out, at)
    at += p.byteLength
  }
  Buffer.from(c.fields.buffer, c.fields.byteOffset, c.fields.byteLength).copy(out, at)
  return out
}

export function deserialize(blob: Uint8Array): CompiledIndex {
  // Copy once into an aligned buffer so the typed arrays can view it directly.
  const bytes = new Uint8Array(blob.byteLength)
  bytes.set(blob)
  const view = new DataView(bytes.buffer)
  const headerLength = view.getUint32(0, true)
  const header = JSON.parse(Buffer.from(bytes.buffer, 4, headerLength).toString('utf8')) as {
    docRefs: string[]
    terms: string[]
    postings: number
  }
  let at = align4(4 + headerLength)
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number) => {
    const array = make(bytes.buffer, at, length)
    at += length * width
    return array
  }
  const n = header.terms.length
  const starts = take((b, o, l) => new Uint32Array(b, o, l), n + 1, 4)
  const df = take((b, o, l) => new Uint32Array(b, o, l), n, 4)
  const docs = take((b, o, l) => new Uint32Array(b, o, l), header.postings, 4)
  const weights = take((b, o, l) => new Float32Array(b, o, l), header.postings, 4)
  const fields = take((b, o, l) => new Uint8Array(b, o, l), header.postings, 1)
  return {
    docRefs: header.docRefs,
    terms: new Map(header.terms.map((t, i) => [t, i])),
    starts,
    df,
    docs,
    weights,
    fields,
  }
}
