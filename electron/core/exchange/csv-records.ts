import { parse as parser, type Options } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import type { Steps } from './slices'

/** The part of csv-parse's parser that csv-parse/sync drives in one call: here it is fed a chunk at a time. */
interface ParserApi {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined
}

/** About a millisecond of parsing per chunk: small enough to pause often, big enough to cost nothing. */
const CHUNK = 64 * 1024

/**
 * A CSV file's records, as csv-parse/sync reads them, parsed a chunk at a time so a big file can
 * pause between chunks. csv-parse works on bytes and carries a field cut at a chunk's end over to
 * the next, so chunks may split a character. Should a csv-parse release drop the parser's `api`,
 * the file is parsed in one go, as before.
 */
export function* csvRecords(bytes: Uint8Array, options: Options, chunk = CHUNK): Steps<string[][]> {
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const api = (parser(options) as unknown as { api?: ParserApi }).api
  if (typeof api?.parse !== 'function') return parse(whole, options) as string[][]
  const records: string[][] = []
  const push = (record: string[]) => records.push(record)
  const closed = () => {}
  for (let at = 0; at < whole.length; at += chunk) {
    const failed = api.parse(whole.subarray(at, at + chunk), false, push, closed)
    if (failed) throw failed
    yield
  }
  const failed = api.parse(undefined, true, push, closed)
  if (failed) throw failed
  return records
}
