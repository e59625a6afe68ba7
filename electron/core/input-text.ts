/**
 * Text as it enters the core, made consistent once, before any schema counts its length:
 * - a lone surrogate (half of an emoji, from a bad paste or a cut) becomes U+FFFD. SQLite stores
 *   text as UTF-8, where it would turn into three U+FFFD, and a title at its limit could then never
 *   be saved again;
 * - letters are composed (NFC), so "é" typed as e + accent is one character, counts as one, and
 *   finds the same stories as the "é" key.
 * File paths keep their exact characters (a name on disk is bytes, and another normal form can name
 * another file or none); only their lone surrogates, which no UTF-8 path can hold, are replaced.
 */
const VERBATIM_KEYS = new Set(['path', 'folder', 'base64'])

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export const wellFormed = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD')

function normalizeText(text: string, key: string | undefined): string {
  // An upload (up to 85 MB of base64): its decoder skips anything outside its alphabet, and looking
  // through it for letters to compose would hold the event loop for ~20 ms.
  if (key === 'base64') return text
  // Plain ASCII (ids, dates, base64) is already in every normal form; skip the work on large inputs.
  if (!/[\u0080-\uffff]/.test(text)) return text
  const whole = wellFormed(text)
  return key !== undefined && VERBATIM_KEYS.has(key) ? whole : whole.normalize('NFC')
}

/** The same JSON-like value with every string (and object key) well-formed and NFC. */
export function normalizeInput(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return normalizeText(value, key)
  if (Array.isArray(value)) return value.map((item) => normalizeInput(item, key))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [normalizeText(k, undefined), normalizeInput(v, k)]))
  }
  return value
}
