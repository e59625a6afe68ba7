import { isAscii } from 'node:buffer'
import { randomBytes } from 'node:crypto'
import type { Steps } from '../core/exchange/slices'

/**
 * JSON in and out of browser mode's server without one long block: an upload's body is ~70 MB of
 * JSON around one base64 string, and one JSON.parse of it held the event loop for ~70 ms, and a pack
 * preview's answer (~30 MB) as long again in JSON.stringify. Both are done here a step at a time
 * (run with runInSlices), with exactly JSON.parse's and JSON.stringify's results.
 */

/** A string value at least this long is kept out of JSON.parse and read from the body's bytes. */
export const LONG_STRING = 1024 * 1024
/** Checked and copied a piece at a time: a few milliseconds each. */
const PIECE = 4 * 1024 * 1024
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
/** A raw control character is not allowed in a JSON string (JSON.parse refuses it). */
// eslint-disable-next-line no-control-regex -- exactly the characters JSON refuses
const CONTROL = /[\x00-\x1f]/

/** The quote that closes the string opened at `open` (one not escaped by an odd run of backslashes), or -1. */
function closingQuote(body: Buffer, open: number): number {
  for (let at = body.indexOf(QUOTE, open + 1); at >= 0; at = body.indexOf(QUOTE, at + 1)) {
    let slashes = 0
    while (body[at - 1 - slashes] === BACKSLASH) slashes++
    if (slashes % 2 === 0) return at
  }
  return -1
}

/** The byte before `at` that is not JSON whitespace. */
function before(body: Buffer, at: number): number | undefined {
  let i = at - 1
  while (i >= 0 && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09)) i--
  return body[i]
}

/**
 * Whether the string's bytes are its value as they stand: ASCII (so bytes are characters) without a
 * backslash (so no escapes). A raw control character makes the whole body invalid JSON.
 */
function* plainString(body: Buffer, start: number, end: number): Steps<boolean> {
  for (let at = start; at < end; at += PIECE) {
    const piece = body.subarray(at, Math.min(end, at + PIECE))
    if (!isAscii(piece) || piece.includes(BACKSLASH)) return false
    if (CONTROL.test(piece.toString('latin1'))) throw new SyntaxError('Bad control character in string literal')
    yield
  }
  return true
}

/** A body's chunks in one buffer, copied a chunk at a time. */
function* joined(chunks: Buffer[], size: number): Steps<Buffer> {
  if (chunks.length === 1) return chunks[0]
  const body = Buffer.allocUnsafe(size)
  let at = 0
  for (const chunk of chunks) {
    at += chunk.copy(body, at)
    yield
  }
  return body
}

/**
 * JSON.parse of a body read as chunks. Object values that are long plain strings (an upload's
 * base64) are left out of the parse, each replaced by a marker the reviver swaps for the string read
 * straight from the bytes; replacing one string literal by another keeps valid JSON valid and invalid
 * JSON invalid, so the result and the failures are JSON.parse's. Throws SyntaxError on invalid JSON.
 */
export function* parseJsonBody(chunks: Buffer[], size: number, longString = LONG_STRING): Steps<unknown> {
  const body = yield* joined(chunks, size)
  if (size < longString) return JSON.parse(body.toString('utf8'))
  const nonce = `\u0000${randomBytes(9).toString('base64')}:`
  const strings: string[] = []
  const envelope: Buffer[] = []
  let from = 0
  for (let open = body.indexOf(QUOTE); open >= 0; open = body.indexOf(QUOTE, open + 1)) {
    const close = closingQuote(body, open)
    // An unterminated string is never valid JSON.
    if (close < 0) throw new SyntaxError('Unterminated string in JSON')
    if (close - open - 1 >= longString && before(body, open) === COLON && (yield* plainString(body, open + 1, close))) {
      envelope.push(body.subarray(from, open), Buffer.from(JSON.stringify(`${nonce}${strings.length}`)))
      // One copy of the bytes (an external string, outside the JS heap): ~10 ms at the upload limit.
      strings.push(body.toString('latin1', open + 1, close))
      from = close + 1
    }
    open = close
    yield
  }
  if (strings.length === 0) return JSON.parse(body.toString('utf8'))
  envelope.push(body.subarray(from))
  return JSON.parse(Buffer.concat(envelope).toString('utf8'), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(nonce) ? strings[Number(value.slice(nonce.length))] : value,
  )
}

/** Arrays and plain objects this near the top are written a member at a time; deeper ones in one JSON.stringify. */
const DESCEND = 3

const omitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol'

function descends(value: unknown, depth: number): value is object {
  if (depth >= DESCEND || value === null || typeof value !== 'object') return false
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false
  if (Array.isArray(value)) return true
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** JSON.stringify(value)'s text, given to `emit` in pieces, pausing after each member of a large array or object. */
export function* jsonText(value: unknown, emit: (text: string) => void, depth = 0): Steps<void> {
  if (!descends(value, depth)) {
    emit(JSON.stringify(value))
    return
  }
  if (Array.isArray(value)) {
    emit('[')
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(',')
      if (omitted(value[i])) emit('null')
      else yield* jsonText(value[i], emit, depth + 1)
      yield
    }
    emit(']')
    return
  }
  emit('{')
  let first = true
  for (const [key, member] of Object.entries(value)) {
    if (omitted(member)) continue
    emit(`${first ? '' : ','}${JSON.stringify(key)}:`)
    first = false
    yield* jsonText(member, emit, depth + 1)
    yield
  }
  emit('}')
}
