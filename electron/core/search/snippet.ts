import type { StoryLanguage } from '../stories/story'
import type { TextSegment } from './search-types'
import { LANGUAGES, stem, wordSpans } from './text-analysis'

const SNIPPET_CHARS = 220

function isHit(word: string, language: StoryLanguage, terms: Set<string>): boolean {
  if (terms.has(word) || terms.has(stem(word, language))) return true
  return LANGUAGES.some((l) => terms.has(stem(word, l)))
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
export function highlightAll(text: string, language: StoryLanguage, terms: Set<string>): TextSegment[] {
  const normalized = text.normalize('NFC')
  const hits = wordSpans(normalized).filter((s) => isHit(s.word, language, terms))
  return segmentsOf(normalized, 0, normalized.length, hits)
}

/**
 * A window of the text around the first matched word, re-scanned here for the few results shown
 * rather than stored as positions in the index (which would double its size).
 */
export function snippet(text: string, language: StoryLanguage, terms: Set<string>): TextSegment[] {
  const plain = text
    .normalize('NFC')
    .replace(/[*_`>#[\]]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  const spans = wordSpans(plain)
  const hits = spans.filter((s) => isHit(s.word, language, terms))
  const first = hits[0]?.start ?? 0
  let from = Math.max(0, first - 60)
  if (from > 0) from = plain.indexOf(' ', from) + 1 || from
  let to = Math.min(plain.length, from + SNIPPET_CHARS)
  if (to < plain.length) to = plain.lastIndexOf(' ', to) > from ? plain.lastIndexOf(' ', to) : to
  const segments = segmentsOf(plain, from, to, hits)
  if (from > 0) segments.unshift({ text: '…', mark: false })
  if (to < plain.length) segments.push({ text: '…', mark: false })
  return segments
}
