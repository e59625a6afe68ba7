import { CATALOGUES, LOCALES } from '../error-text'
import { lookup } from '../message-format'
import { STORY_FIELD_LIST } from '../stories/story-fields'
import type { CsvField } from './csv-types'

/** What suggests a field: names a header may equal, and words or phrases it may contain. */
interface Hint {
  field: CsvField
  names: string[]
  words: string[]
  priority: boolean
}

/** How well a header names a field: it equals a name or word, holds one as whole words, or ends one of its words. */
const EXACT = 4
const WHOLE_WORDS = 2
const PART = 1
/** Breaks a tie between two fields that both name a header in the same way ("Primary value"). */
const PRIORITY = 0.5
/**
 * A word counts inside a longer one only at its end and from 5 letters: Danish and Swedish join
 * words (kerneværdier, kundehistorie), while short ones hide in others ("text" in "context").
 */
const MIN_PART = 5

/** Lower case, words of letters and digits joined by single spaces: "Story_ID " and "story id" are the same. */
const phrase = (text: string) =>
  (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(' ')

const HINTS: Hint[] = [
  { field: 'id', names: ['id', 'story id', 'uuid'], words: [], priority: false },
  { field: 'revision', names: ['revision'], words: [], priority: false },
  ...STORY_FIELD_LIST.filter((f) => f.csv).map((f) => ({
    field: f.key as CsvField,
    // The export's header and the field's label in every catalogue (what a person retyping the columns would write).
    names: [f.csv!.header, ...LOCALES.map((l) => lookup(CATALOGUES[l], `fields.story.${f.name}`))].map(phrase),
    words: (f.csv!.words ?? []).map(phrase),
    priority: f.csv!.priority ?? false,
  })),
]

function score(header: string, hint: Hint): number {
  const all = [...hint.names, ...hint.words]
  let best = 0
  if (all.includes(header)) best = EXACT
  else if (all.some((w) => ` ${header} `.includes(` ${w} `))) best = WHOLE_WORDS
  else if (hint.words.some((w) => w.length >= MIN_PART && !w.includes(' ') && header.split(' ').some((h) => h.endsWith(w)))) best = PART
  return best && best + (hint.priority ? PRIORITY : 0)
}

/**
 * A column per field, guessed from the headers: the best-named pair first (exact names before
 * whole words before parts of words; then the leftmost column, then the export's field order), and
 * each column feeds one field at most, so "What happened" is the story and "Date" the date.
 */
export function guessColumns(headers: string[]): Partial<Record<CsvField, number>> {
  const pairs = headers
    .map(phrase)
    .flatMap((header, column) => HINTS.map((hint, order) => ({ field: hint.field, column, order, score: score(header, hint) })))
    .filter((p) => p.score > 0)
    .sort((a, b) => b.score - a.score || a.column - b.column || a.order - b.order)
  const guessed: Partial<Record<CsvField, number>> = {}
  const taken = new Set<number>()
  for (const p of pairs) {
    if (guessed[p.field] !== undefined || taken.has(p.column)) continue
    guessed[p.field] = p.column
    taken.add(p.column)
  }
  return guessed
}
