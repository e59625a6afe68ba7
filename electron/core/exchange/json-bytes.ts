import type { Steps } from './slices'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

/** What JSON.parse says of text it cannot read; the caller only needs to know it failed. */
const broken = (at: number) => new SyntaxError(`Unexpected or missing character in JSON at byte ${at}`)

/**
 * UTF-8 JSON as JSON.parse reads it, without one JSON.parse of the whole (a 32 MB pack takes
 * ~80 ms): the outer object or array and the containers directly inside it are walked here, and
 * each value below them (a pack's story) is handed to JSON.parse on its own, with a pause after
 * it. UTF-8 never puts an ASCII byte inside a multi-byte character, so the walk can read bytes.
 */
export function* parseJsonBytes(bytes: Uint8Array): Steps<unknown> {
  const decoder = new TextDecoder('utf-8')
  // TextDecoder drops a leading byte-order mark; so does reading the file as text.
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const skipSpace = () => {
    while (at < bytes.length && isSpace(bytes[at])) at++
  }
  const expect = (byte: number) => {
    skipSpace()
    if (bytes[at] !== byte) throw broken(at)
    at++
  }
  /** The index just past the string starting at `from` (its opening quote). */
  const stringEnd = (from: number) => {
    let close = from
    for (;;) {
      close = bytes.indexOf(QUOTE, close + 1)
      if (close < 0) throw broken(from)
      let slashes = 0
      while (bytes[close - 1 - slashes] === BACKSLASH) slashes++
      if (slashes % 2 === 0) return close + 1
    }
  }
  /** The index just past the value starting at `from`, found by bracket depth; JSON.parse checks the rest. */
  const valueEnd = (from: number) => {
    const first = bytes[from]
    if (first === QUOTE) return stringEnd(from)
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      let end = from
      while (
        end < bytes.length &&
        !isSpace(bytes[end]) &&
        bytes[end] !== COMMA &&
        bytes[end] !== CLOSE_OBJECT &&
        bytes[end] !== CLOSE_ARRAY
      )
        end++
      return end
    }
    let depth = 0
    for (let i = from; i < bytes.length; i++) {
      const b = bytes[i]
      if (b === QUOTE) i = stringEnd(i) - 1
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++
      else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 0) return i + 1
    }
    throw broken(from)
  }
  const parsed = (from: number, to: number): unknown => JSON.parse(decoder.decode(bytes.subarray(from, to)))
  /** A value parsed whole, or (above `walk` levels down) a container walked member by member. */
  function* value(levels: number): Steps<unknown> {
    skipSpace()
    const open = bytes[at]
    if (levels === 0 || (open !== OPEN_OBJECT && open !== OPEN_ARRAY)) {
      const from = at
      if (from >= bytes.length) throw broken(from)
      at = valueEnd(from)
      const result = parsed(from, at)
      yield
      return result
    }
    at++
    const close = open === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY
    const result: unknown[] | Record<string, unknown> = open === OPEN_OBJECT ? {} : []
    skipSpace()
    if (bytes[at] === close) {
      at++
      return result
    }
    for (;;) {
      if (Array.isArray(result)) result.push(yield* value(levels - 1))
      else {
        skipSpace()
        if (bytes[at] !== QUOTE) throw broken(at)
        const from = at
        at = stringEnd(from)
        const key = parsed(from, at) as string
        expect(COLON)
        // As JSON.parse does: an own property even when named __proto__, the last of a repeated name kept.
        Object.defineProperty(result, key, { value: yield* value(levels - 1), writable: true, enumerable: true, configurable: true })
      }
      skipSpace()
      if (bytes[at] === close) {
        at++
        return result
      }
      if (bytes[at] !== COMMA) throw broken(at)
      at++
    }
  }
  const result = yield* value(2)
  skipSpace()
  if (at !== bytes.length) throw broken(at)
  return result
}
