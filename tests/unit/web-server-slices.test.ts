import fc from 'fast-check'
import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api as coreApi } from '../../electron/core/api'
import { createDispatch } from '../../electron/core/dispatch'
import { runAtOnce } from '../../electron/core/exchange/slices'
import { jsonText, parseJsonBody } from '../../electron/web/sliced-json'
import { startWebServer, type RunningWebServer } from '../../electron/web/web-server'
import { tempCore, tempDir } from './temp-library'

let server: RunningWebServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

/** What JSON.parse makes of a text: its value, or that it throws a SyntaxError. */
function parsed(text: string): unknown {
  try {
    return { value: JSON.parse(text) }
  } catch (err) {
    return { error: err instanceof SyntaxError }
  }
}

/** The same through parseJsonBody, from the text's bytes cut into chunks, with strings of `long` characters kept out of the parse. */
function slicedParsed(text: string, cuts: number[], long: number): unknown {
  const bytes = Buffer.from(text)
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks = [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i])).filter((c) => c.length > 0)
  try {
    return { value: runAtOnce(parseJsonBody(chunks, bytes.length, long)) }
  } catch (err) {
    return { error: err instanceof SyntaxError }
  }
}

const texts = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v, null, ' ')),
  // Objects around long strings, as an upload sends them, with escapes, non-ASCII and control characters.
  fc
    .dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.base64String({ maxLength: 60 })))
    .map((v) => JSON.stringify(v)),
)

describe('JSON in slices (browser mode server)', () => {
  it('parses any body exactly as JSON.parse does, broken ones included', () => {
    fc.assert(
      fc.property(
        texts,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom('"', '\\', '\n', '\u0001', 'é', ':', '}', ',', 'x')), { nil: undefined }),
        fc.integer({ min: 1, max: 8 }),
        (text, cuts, damage, long) => {
          const body = damage ? text.slice(0, damage[0] % (text.length + 1)) + damage[1] + text.slice(damage[0] % (text.length + 1)) : text
          // The server gets bytes: the reference is JSON.parse of their UTF-8 text (a lone surrogate is already U+FFFD).
          expect(slicedParsed(body, cuts, long)).toEqual(parsed(Buffer.from(body).toString('utf8')))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('keeps a long base64 value out of the parse and returns it whole', () => {
    const base64 = Buffer.from('a pack, or a CSV file').toString('base64').repeat(1000)
    const body = Buffer.from(JSON.stringify({ base64 }))
    expect(runAtOnce(parseJsonBody([body.subarray(0, 7), body.subarray(7)], body.length, 1000))).toEqual({ base64 })
  })

  it('writes the text JSON.stringify writes', () => {
    const values = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.string(),
        fc.constantFrom(undefined, () => 1, new Date(0), [undefined, 1], { a: undefined, b: [2] }),
      ),
      fc.array(fc.constantFrom(undefined, null, new Date(0), { toJSON: () => 'x' }, Object.create(null) as object)),
    )
    fc.assert(
      fc.property(values, (value) => {
        const parts: string[] = []
        runAtOnce(jsonText({ ok: true, value }, (t) => parts.push(t)))
        expect(parts.join('')).toBe(JSON.stringify({ ok: true, value }))
      }),
      { numRuns: 1000 },
    )
  })
})

/** A POST of `body` to the API, as raw bytes. */
function post(s: RunningWebServer, method: string, body: Buffer | string, sent?: () => void): Promise<{ status: number; body: string }> {
  const target = new URL(s.url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-culture-token': s.token },
      },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.end(body, sent)
  })
}

describe('browser mode while a big upload is read', () => {
  it('answers other calls while it parses an upload’s JSON (issue 12)', async () => {
    const core = tempCore()
    const rendererDir = tempDir()
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
    server = await startWebServer({ dispatch: createDispatch(core), changes: core.changes, rendererDir })
    const s = server
    // Nearly the upload limit of base64, in a body that turns out to be invalid JSON only after it:
    // the core never sees it, so any call answered meanwhile was answered during the server's own parse.
    const length = coreApi['exchange.previewPack'].input.shape.base64.maxLength! - 4 * 1024 * 1024
    const body = Buffer.alloc(length + 20, 'A')
    body.write('{"base64":"', 0)
    body.write('",}', length + 17)
    let answered = 0
    let done = false
    let pings: Promise<void> = Promise.resolve()
    const upload = post(s, 'exchange.previewPack', body, () => {
      // The whole body is written: from here the server reads its last bytes and parses it.
      pings = (async () => {
        while (!done) {
          const ping = await post(s, 'library.info', '{}')
          if (!done && ping.status === 200) answered++
        }
      })()
    })
    const reply = await upload
    done = true
    await pings
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).error.code).toBe('web.badJson')
    expect(answered).toBeGreaterThanOrEqual(2)
  }, 30_000)
})
