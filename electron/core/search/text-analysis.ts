import lunr from 'lunr'
import stemmerSupport from 'lunr-languages/lunr.stemmer.support'
import danish from 'lunr-languages/lunr.da'
import swedish from 'lunr-languages/lunr.sv'
import type { StoryLanguage } from '../stories/story'

stemmerSupport(lunr)
danish(lunr)
swedish(lunr)

type TokenFn = (token: lunr.Token) => lunr.Token | undefined
interface LanguageTools {
  stem: TokenFn
  stop: TokenFn
}
const lunrLanguages = lunr as unknown as Record<'da' | 'sv', { stemmer: TokenFn; stopWordFilter: TokenFn }>

const TOOLS: Record<StoryLanguage, LanguageTools> = {
  en: { stem: lunr.stemmer as unknown as TokenFn, stop: lunr.stopWordFilter as unknown as TokenFn },
  da: { stem: lunrLanguages.da.stemmer, stop: lunrLanguages.da.stopWordFilter },
  sv: { stem: lunrLanguages.sv.stemmer, stop: lunrLanguages.sv.stopWordFilter },
}
export const LANGUAGES = Object.keys(TOOLS) as StoryLanguage[]

// Letters and digits of any script, so å, æ, ø, ä and ö stay inside their words.
const WORD = /[\p{L}\p{N}]+/gu

/** Lower-cased words of a text, in order. */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? []
}

export interface WordSpan {
  word: string
  start: number
  end: number
}

/** Same words, with where each starts and ends in the original text (for highlighting). */
export function wordSpans(text: string): WordSpan[] {
  return [...eachWordSpan(text.normalize('NFC'))]
}

/** wordSpans one at a time, of a text already in NFC: a reader that stops early scans no further. */
export function* eachWordSpan(text: string): Generator<WordSpan> {
  for (const m of text.matchAll(WORD)) yield { word: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length }
}

/**
 * Letters Unicode does not decompose, spelled as CLDR's Latin-ASCII transliteration spells them
 * ("ø" → "o", "æ" → "ae", "ß" → "ss"), the way people type them on a keyboard without the letter.
 */
const LETTER_FOLDS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' }
const UNDECOMPOSED = /[øæœßđðþłı]/gu
// Marks are dropped only from Latin letters: in other scripts they can make a different letter.
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu
const MARK = /\p{M}/u

function foldSlowly(text: string): string {
  return text
    .normalize('NFD')
    .replace(LATIN_MARKS, '$1')
    .replace(UNDECOMPOSED, (c) => LETTER_FOLDS[c])
    .normalize('NFC')
}

/**
 * Each non-ASCII character folded on its own, once: folding every term of a 50,000-story index at
 * load is then a table lookup per letter instead of two normalisations per word. A combining mark
 * (`null`) depends on the letter before it, so a word holding one takes the slow path.
 */
const CHAR_FOLDS = new Map<string, string | null>()
const CHAR_FOLDS_LIMIT = 10_000

function foldChar(c: string): string | null {
  let folded = CHAR_FOLDS.get(c)
  if (folded === undefined) {
    folded = MARK.test(c) ? null : foldSlowly(c)
    if (CHAR_FOLDS.size < CHAR_FOLDS_LIMIT) CHAR_FOLDS.set(c, folded)
  }
  return folded
}

/**
 * A lower-cased word without its diacritics: "umeå" → "umea", "københavn" → "kobenhavn",
 * "færøern" → "faeroern". Only queries use it; the index keeps every letter, so the Danish and
 * Swedish stemmers still see å, ä, ö, æ and ø.
 */
export function fold(word: string): string {
  let ascii = 0
  while (ascii < word.length && word.charCodeAt(ascii) < 128) ascii++
  if (ascii === word.length) return word
  let out = word.slice(0, ascii)
  for (const c of word.slice(ascii)) {
    if (c.charCodeAt(0) < 128) {
      out += c
      continue
    }
    const folded = foldChar(c)
    if (folded === null) return foldSlowly(word)
    out += folded
  }
  return out
}

/** Whether a word was typed without diacritics, so it may stand for one written with them. */
export function isPlain(word: string): boolean {
  return fold(word) === word
}

/**
 * How a word typed without diacritics may be spelled once folded: as typed, and with Danish and
 * Norwegian "aa" read as the "å" it stands for in names ("Aarhus", "Aalborg" → "arhus", "alborg").
 */
export function plainSpellings(word: string): string[] {
  const aa = word.replaceAll('aa', 'a')
  return aa === word ? [word] : [word, aa]
}

/**
 * Whether a word typed in a query is the word written in a text: the same, or, typed without
 * diacritics, the written word folded ("umea" is "Umeå"; "får" typed is only ever "får").
 */
export function spelledAs(typed: string, written: string): boolean {
  if (typed === written) return true
  if (!isPlain(typed) || isPlain(written)) return false
  return plainSpellings(typed).includes(fold(written))
}

const stemCache: Record<StoryLanguage, Map<string, string>> = { en: new Map(), da: new Map(), sv: new Map() }
const STEM_CACHE_LIMIT = 200_000

export function stem(word: string, language: StoryLanguage): string {
  const cache = stemCache[language]
  let stemmed = cache.get(word)
  if (stemmed === undefined) {
    stemmed = String(TOOLS[language].stem(new lunr.Token(word, {})) ?? word)
    if (cache.size > STEM_CACHE_LIMIT) cache.clear()
    cache.set(word, stemmed)
  }
  return stemmed
}

export function isStopWord(word: string, language: StoryLanguage): boolean {
  return TOOLS[language].stop(new lunr.Token(word, {})) === undefined
}

/** Index terms of a text written in `language`: its stop words dropped, the rest stemmed. */
export function analyze(text: string, language: StoryLanguage): string[] {
  const out: string[] = []
  for (const word of words(text)) {
    if (isStopWord(word, language)) continue
    out.push(stem(word, language))
  }
  return out
}

/**
 * What a query word may look like in the index, whatever language the story is in: its stem in
 * each language, and the stem of that stem (Danish and Swedish stemmers shorten "leverans" further
 * than "leveransen", so both forms are needed to meet in the middle).
 */
export function queryForms(word: string): Set<string> {
  const forms = new Set<string>([word])
  for (const language of LANGUAGES) {
    const once = stem(word, language)
    forms.add(once)
    forms.add(stem(once, language))
  }
  return forms
}

/** A rough guess from stop words: Danish and Swedish share many, so their distinct ones decide. */
export function detectLanguage(text: string): StoryLanguage {
  const sample = words(text.slice(0, 4000))
  const counts: Record<StoryLanguage, number> = { en: 0, da: 0, sv: 0 }
  for (const word of sample) {
    for (const language of LANGUAGES) if (isStopWord(word, language)) counts[language]++
  }
  const best = LANGUAGES.reduce((a, b) => (counts[b] > counts[a] ? b : a), 'en' as StoryLanguage)
  return counts[best] === 0 ? 'en' : best
}
