import * as daModule from 'hyphen/da'
import * as enUsModule from 'hyphen/en-us'
import * as svModule from 'hyphen/sv'
import type { BookLanguage } from './edition'

type Hyphenate = typeof daModule.hyphenateSync
/**
 * hyphen's language entries are CommonJS: bundled, their functions are the namespace's own; loaded by
 * Node (tests and the book's workers under tsx), only `default` holds them.
 */
const hyphenateSync = (module: typeof daModule): Hyphenate =>
  module.hyphenateSync ?? (module as unknown as { default: typeof daModule }).default.hyphenateSync
const da = hyphenateSync(daModule)
const enUs = hyphenateSync(enUsModule)
const sv = hyphenateSync(svModule)

/**
 * Soft hyphens for justified print. Chromium's `hyphens: auto` does nothing in the builds the book is
 * printed with, so each word gets its break points (U+00AD) when the book is rendered, from the TeX
 * patterns of the story's own language; the printer breaks there and shows a hyphen only at a line's end.
 */
export const SOFT_HYPHEN = '\u00ad'

const PATTERNS: Record<BookLanguage, Hyphenate> = { en: enUs, da, sv }

/** At least two letters before a break and three after it: "kun-de-ser-vi-ce" never leaves "ce" alone. */
const BEFORE = 2
const AFTER = 3
/** Words shorter than this are never broken. */
const MIN_WORD = 6

/** Elements whose text is no prose: code, and a link's text (an address, usually), which must read exactly. */
const KEEP_WHOLE = new Set(['code', 'pre', 'a', 'kbd', 'samp'])

/** Words already broken, per language: a book uses the same words over and over. Emptied when it grows past this. */
const known = new Map<Hyphenate, Map<string, string>>()
const KNOWN_WORDS = 50_000

function breakWord(word: string, hyphenate: Hyphenate): string {
  let words = known.get(hyphenate)
  if (!words) known.set(hyphenate, (words = new Map()))
  let broken = words.get(word)
  if (broken === undefined) {
    if (words.size >= KNOWN_WORDS) words.clear()
    words.set(word, (broken = breakPoints(word, hyphenate)))
  }
  return broken
}

/** A word with break points, none too near its ends. */
function breakPoints(word: string, hyphenate: Hyphenate): string {
  const parts = hyphenate(word, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD }).split(SOFT_HYPHEN)
  let out = ''
  let at = 0
  parts.forEach((part, i) => {
    if (i > 0 && at >= BEFORE && word.length - at >= AFTER) out += SOFT_HYPHEN
    out += part
    at += part.length
  })
  return out
}

/**
 * Text between tags: each run of letters gets its break points; an entity (`&amp;`) and anything that
 * looks like an address (`a.b/c`, `name@host`) stays as it is.
 */
function hyphenateText(text: string, hyphenate: Hyphenate): string {
  return text.replace(/\S+/gu, (chunk) => {
    if (/[/@]|&#?\w+;|\w\.\w|:\/\//u.test(chunk)) return chunk
    return chunk.replace(/\p{L}[\p{L}\p{M}]*/gu, (word) => (word.length >= MIN_WORD ? breakWord(word, hyphenate) : word))
  })
}

/**
 * Sanitised HTML (the renderer's own: no comments, no raw text elements but those listed) with soft
 * hyphens in its text nodes only: never inside a tag or an attribute, never in code or a link.
 */
export function hyphenateHtml(html: string, language: BookLanguage): string {
  const hyphenate = PATTERNS[language] ?? PATTERNS.en
  let kept = 0
  return html.replace(/(<[^>]*>)|([^<]+)/g, (_m, tag: string | undefined, text: string | undefined) => {
    if (tag) {
      const name = /^<(\/?)([a-z0-9]+)/i.exec(tag)
      if (name && KEEP_WHOLE.has(name[2].toLowerCase()) && !tag.endsWith('/>')) kept += name[1] ? -1 : 1
      kept = Math.max(0, kept)
      return tag
    }
    return kept > 0 ? text! : hyphenateText(text!, hyphenate)
  })
}
