import { PHOTO_IMAGE } from '../photos/photo-references'
import type { TextSegment } from './search-types'
import { eachWordSpan, LANGUAGES, stem, wordSpans, type WordSpan } from './text-analysis'

const SNIPPET_CHARS = 220

/** Per query (its set of terms): word → matched. A page of results repeats most of its words. */
const matched = new WeakMap<Set<string>, Map<string, boolean>>()

/** A word the query matched, as itself or stemmed in any language (the story's own among them). */
function isHit(word: string, terms: Set<string>): boolean {
  let known = matched.get(terms)
  if (!known) matched.set(terms, (known = new Map()))
  let hit = known.get(word)
  if (hit === undefined) {
    hit = terms.has(word) || LANGUAGES.some((l) => terms.has(stem(word, l)))
    known.set(word, hit)
  }
  return hit
}

function segmentsOf(text: string, from: number, to: number, hits: { start: number; end: number }[]): TextSegment[] {
  const out: TextSegment[] = []
  let at = from
  for (const h of hits) {
    if (h.end <= from || h.start >= to) continue
    if (h.start > at) out.push({ text: text.slice(at, h.start), mark: false })
    out.push({ text: text.slice(Math.max(h.start, at), h.end), mark: true })
    at = h.end
  }
  if (at < to) out.push({ text: text.slice(at, to), mark: false })
  return out
}

/** The whole (short) text, with matched words marked: for titles. */
export function highlightAll(text: string, terms: Set<string>): TextSegment[] {
  const normalized = text.normalize('NFC')
  const hits = wordSpans(normalized).filter((s) => isHit(s.word, terms))
  return segmentsOf(normalized, 0, normalized.length, hits)
}

/**
 * A window of the text around the first matched word, re-scanned here for the few results shown
 * rather than stored as positions in the index (which would double its size).
 */
export function snippet(text: string, terms: Set<string>): TextSegment[] {
  const plain = text
    .normalize('NFC')
    // A photo reads as its alt text: its address (a 64-character hash) says nothing to a reader.
    .replace(PHOTO_IMAGE, '$1')
    .replace(/[*_`>#[\]]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  // Words are read up to the end of the window only: the rest of a long story is never scanned.
  const spans = eachWordSpan(plain)
  const hits: WordSpan[] = []
  // Not for…of: leaving that loop would close the generator, and the window's words follow on from here.
  for (let next = spans.next(); !next.done; next = spans.next()) {
    if (isHit(next.value.word, terms)) {
      hits.push(next.value)
      break
    }
  }
  const first = hits[0]?.start ?? 0
  let from = Math.max(0, first - 60)
  if (from > 0) from = plain.indexOf(' ', from) + 1 || from
  let to = Math.min(plain.length, from + SNIPPET_CHARS)
  if (to < plain.length) to = plain.lastIndexOf(' ', to) > from ? plain.lastIndexOf(' ', to) : to
  if (hits.length) {
    for (const span of spans) {
      if (span.start >= to) break
      if (isHit(span.word, terms)) hits.push(span)
    }
  }
  const segments = segmentsOf(plain, from, to, hits)
  if (from > 0) segments.unshift({ text: '…', mark: false })
  if (to < plain.length) segments.push({ text: '…', mark: false })
  return segments
}
