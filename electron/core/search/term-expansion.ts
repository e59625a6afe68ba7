import { lowerBound } from './compiled-index'
import { fold, isPlain, plainSpellings, queryForms } from './text-analysis'

/**
 * Turning one query word into the index terms it should match: its stems, words it is a prefix of,
 * the same words written with diacritics, and words one typo away. Done here against a plain term
 * dictionary, with caps, instead of by lunr's wildcard and fuzzy clauses, whose automaton walk grows
 * with the index.
 */
export const MIN_PREFIX_CHARS = 3
export const MIN_FUZZY_CHARS = 5
export const MAX_PREFIX_TERMS = 30
export const MAX_FUZZY_TERMS = 20

export interface TermDictionary {
  has(term: string): boolean
  df(term: string): number
  /** Terms starting with `prefix`, up to `limit` scanned in order. */
  withPrefix(prefix: string, limit: number): string[]
  /**
   * Terms written with diacritics whose folded form (see `fold`) is `key`, or starts with it when
   * `prefix`, up to `limit` scanned. Optional: a dictionary without it just does not fold.
   */
  accented?(key: string, prefix: boolean, limit: number): string[]
}

const NOT_ASCII = /[^ -~]/

/**
 * The terms of a dictionary that have diacritics, by their folded form: a small side table, so the
 * index itself keeps every letter (the stemmers need them) and its saved format does not change.
 */
export class FoldedTerms {
  private readonly byKey = new Map<string, string[]>()
  private readonly keys: string[]
  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      // Most terms are plain ASCII: one native regex test skips them.
      if (!NOT_ASCII.test(term)) continue
      const key = fold(term)
      if (key === term) continue
      const list = this.byKey.get(key)
      if (list) list.push(term)
      else this.byKey.set(key, [term])
    }
    this.keys = [...this.byKey.keys()].sort()
  }
  lookup(key: string, prefix: boolean, limit: number): string[] {
    if (!prefix) return (this.byKey.get(key) ?? []).slice(0, limit)
    const out: string[] = []
    for (let i = lowerBound(this.keys, key); i < this.keys.length && out.length < limit && this.keys[i].startsWith(key); i++) {
      out.push(...this.byKey.get(this.keys[i])!)
    }
    return out.slice(0, limit)
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzåäöæøéü0123456789'

/** Every string one edit (delete, insert, substitute, swap) away from `word`. */
export function oneEditAway(word: string): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i)
    const tail = word.slice(i)
    if (tail) out.add(head + tail.slice(1))
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2))
    for (const c of ALPHABET) {
      out.add(head + c + tail)
      if (tail) out.add(head + c + tail.slice(1))
    }
  }
  out.delete(word)
  return out
}

export type MatchKind = 'exact' | 'folded' | 'prefix' | 'fuzzy'
/** A folded match ranks just below an exact one: "far" puts the stories with "far" before those with "får". */
export const KIND_BOOST: Record<MatchKind, number> = { exact: 1, folded: 0.9, prefix: 0.5, fuzzy: 0.3 }

/**
 * Index terms written with diacritics that a word typed without them stands for ("umea" → "umeå"),
 * in any of its stemmed `forms`. Typed with them, a word means just what it says ("får" is not "far").
 */
export function foldedTerms(word: string, forms: Set<string>, dictionary: TermDictionary): string[] {
  if (!dictionary.accented || !isPlain(word)) return []
  const out = new Set<string>()
  for (const spelling of plainSpellings(word)) {
    for (const form of spelling === word ? forms : queryForms(spelling)) {
      for (const term of dictionary.accented(form, false, MAX_PREFIX_TERMS)) out.add(term)
    }
  }
  return [...out]
}

/** Index terms for one query word, each with how it matched. Exact forms win over looser ones. */
export function expandWord(
  word: string,
  forms: Set<string>,
  dictionary: TermDictionary,
  options: {
    /** Match words that start with this one: the word being typed, or one ending in `*`. */
    prefix: boolean
    exactOnly: boolean
    stems: (word: string) => Iterable<string>
  },
): Map<string, MatchKind> {
  const out = new Map<string, MatchKind>()
  for (const form of forms) if (dictionary.has(form)) out.set(form, 'exact')
  if (options.exactOnly && !options.prefix) return out

  for (const term of foldedTerms(word, forms, dictionary)) if (!out.has(term)) out.set(term, 'folded')

  if (options.prefix && word.length >= MIN_PREFIX_CHARS) {
    // Scan more than we keep, then keep the most common: those are what people usually mean.
    const scanned = dictionary.withPrefix(word, MAX_PREFIX_TERMS * 10)
    // A plain word being typed may also begin one written with diacritics ("kobenh" → "københavn").
    if (dictionary.accented && isPlain(word)) {
      for (const spelling of plainSpellings(word)) scanned.push(...dictionary.accented(spelling, true, MAX_PREFIX_TERMS * 10))
    }
    const candidates = [...new Set(scanned)]
    candidates.sort((a, b) => dictionary.df(b) - dictionary.df(a))
    for (const term of candidates.slice(0, MAX_PREFIX_TERMS)) if (!out.has(term)) out.set(term, 'prefix')
  }
  // A typo is assumed only where the word itself is not in the library.
  if (word.length >= MIN_FUZZY_CHARS && out.size === 0) {
    const fuzzy: string[] = []
    for (const form of forms) {
      if (form.length < MIN_FUZZY_CHARS - 1) continue
      // A stem shorter than a fuzzy word ("zapo" from "zapos") may only grow by the missing letter:
      // swapping a letter in a four-letter stem reaches too many unrelated words ("kund" → "lund").
      const short = form.length < MIN_FUZZY_CHARS
      for (const variant of oneEditAway(form)) {
        if (short && variant.length <= form.length) continue
        if (dictionary.has(variant) && !out.has(variant)) fuzzy.push(variant)
      }
    }
    // The typo may sit in the ending the stemmer removes ("weding" → "wedding" → "wed").
    for (const variant of oneEditAway(word)) {
      for (const stemmed of options.stems(variant)) {
        if (stemmed.length >= MIN_FUZZY_CHARS - 2 && dictionary.has(stemmed) && !out.has(stemmed)) fuzzy.push(stemmed)
      }
    }
    fuzzy.sort((a, b) => dictionary.df(b) - dictionary.df(a))
    for (const term of fuzzy.slice(0, MAX_FUZZY_TERMS)) if (!out.has(term)) out.set(term, 'fuzzy')
  }
  return out
}
