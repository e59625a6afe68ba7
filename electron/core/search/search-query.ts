import type { SearchHint, SearchHintCode } from './search-types'
import type { SearchField } from './search-document'
import { isStopWord, LANGUAGES, words } from './text-analysis'

const stopWordLanguages = (word: string) => LANGUAGES.filter((l) => isStopWord(word, l)).length

export const MAX_QUERY_CHARS = 500

export interface QueryWord {
  word: string
  field?: SearchField
  /** Also match longer words: `refu*`, or the last word while it is still being typed. */
  prefix: boolean
  /**
   * A stop word in one of the languages but not all ("kunde" is "could" in Swedish and "customer"
   * in Danish): it helps ranking without being required, unless nothing else was typed.
   */
  weak: boolean
  /** A stop word in some language: matched exactly, never by prefix or typo ("the" is not "their"). */
  common: boolean
}

export interface ParsedQuery {
  /** Every one of these must match (in any of its forms). */
  required: QueryWord[]
  /** Stories containing any of these are left out. */
  excluded: string[]
  /** Word sequences that must appear as written. */
  phrases: string[][]
  /** Short notes for the user when the query was changed or cannot match. */
  hints: SearchHint[]
  /** Every word is a stop word in some language: worth a hint if nothing matches. */
  onlyCommonWords: boolean
}

const FIELD_ALIASES: Record<string, SearchField> = {
  title: 'title',
  value: 'values',
  values: 'values',
  body: 'body',
  text: 'body',
  author: 'byline',
  team: 'byline',
  byline: 'byline',
}

// A token: optional "-", optional "field:", then a quoted phrase (closed or not) or a run of non-space.
const ENGLISH_HINTS: Record<SearchHintCode, (hint: SearchHint) => string> = {
  truncated: (h) => `Only the first ${h.max} characters were searched.`,
  unclosedQuote: () => 'The closing quote was missing; the phrase runs to the end.',
  tooCommon: () => 'Those words are too common to search for. Add a more specific word.',
  onlyExcluded: () => 'Add a word to search for, not only words to leave out.',
  noLetters: () => 'Type letters or numbers to search.',
  partial: () => 'No story has all of these words; these have the most of them.',
  indexing: (h) => `Search is still indexing ${h.count} ${h.count === 1 ? 'story' : 'stories'}; results may be incomplete.`,
}

/** The hints in English, for logs, the command line and tests; windows use the catalogue's `search.hints`. */
export function englishHint(hints: SearchHint[]): string | undefined {
  return hints.length ? hints.map((h) => ENGLISH_HINTS[h.code](h)).join(' ') : undefined
}

const TOKEN = /(-)?(?:([\p{L}]+):)?("([^"]*)("|$)|[^\s"]+)/gu

/**
 * Reads what a person typed. Never throws: lunr's own syntax (`^`, `~`, `field:`) is understood
 * where it makes sense and otherwise read as plain words, so no input can crash a search.
 */
export function parseQuery(input: string): ParsedQuery {
  const hints: SearchHint[] = []
  let text = input
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS)
    hints.push({ code: 'truncated', max: MAX_QUERY_CHARS })
  }
  const parsed: ParsedQuery = { required: [], excluded: [], phrases: [], hints, onlyCommonWords: false }
  let droppedStopWords = 0

  for (const m of text.matchAll(TOKEN)) {
    const negate = m[1] === '-'
    const field = m[2] ? FIELD_ALIASES[m[2].toLowerCase()] : undefined
    const isPhrase = m[3].startsWith('"')
    // lunr's boost and fuzziness suffixes (`word^10`, `word~2`) carry no words of their own.
    const raw = (isPhrase ? (m[4] ?? '') : m[3]).replace(/[\^~]\d*/g, ' ')
    if (isPhrase && m[5] !== '"' && raw.trim()) hints.push({ code: 'unclosedQuote' })
    // An unknown "foo:" prefix is just a word the user typed.
    const unknownField = m[2] && !field ? [m[2].toLowerCase()] : []
    const found = [...unknownField, ...words(raw)]
    if (found.length === 0) continue

    if (negate) {
      parsed.excluded.push(...found)
      continue
    }
    if (isPhrase && found.length > 1) parsed.phrases.push(found)
    const explicitPrefix = !isPhrase && /\*$/.test(raw)
    found.forEach((word, i) => {
      // Stop words are not in the index; a phrase still checks them in the text itself.
      const stopIn = stopWordLanguages(word)
      if (stopIn === LANGUAGES.length && !explicitPrefix) {
        droppedStopWords++
        return
      }
      const last = i === found.length - 1
      if (parsed.required.some((q) => q.word === word && q.field === field)) return
      parsed.required.push({ word, field, prefix: explicitPrefix && last, weak: stopIn > 0, common: stopIn > 0 })
    })
  }
  // Results update as people type: the last word is probably unfinished.
  const last = parsed.required.at(-1)
  if (last && !/["\s]$/.test(text) && !last.common) last.prefix = true
  if (parsed.required.length && parsed.required.every((q) => q.weak)) {
    parsed.onlyCommonWords = true
    for (const q of parsed.required) q.weak = false
  }

  if (parsed.required.length === 0) {
    if (droppedStopWords > 0) hints.push({ code: 'tooCommon' })
    else if (parsed.excluded.length > 0) hints.push({ code: 'onlyExcluded' })
    else if (text.trim()) hints.push({ code: 'noLetters' })
  }
  return parsed
}
