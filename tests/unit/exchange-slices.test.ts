import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { csvRecords } from '../../electron/core/exchange/csv-records'
import { parseJsonBytes } from '../../electron/core/exchange/json-bytes'
import { PACK_FORMAT, PACK_VERSION } from '../../electron/core/exchange/pack-format'
import { nextTurn, runAtOnce, runInSlices, type Steps } from '../../electron/core/exchange/slices'
import { uploadBytes } from '../../electron/core/exchange/upload-bytes'
import { createDispatch } from '../../electron/core/dispatch'
import { tempCore } from './temp-library'

/** What a sliced reader does with `text`: its value, or the fact that it refused it. */
function outcome<T>(read: () => T): { value: T } | { refused: true } {
  try {
    return { value: read() }
  } catch {
    return { refused: true }
  }
}

describe('reading JSON a value at a time', () => {
  const readJson = (text: string) => runAtOnce(parseJsonBytes(Buffer.from(text)))

  it('reads any JSON exactly as JSON.parse does, however it is spaced', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, 2, '\t', ' \r\n'), (value, space) => {
        const text = JSON.stringify(value, null, space)
        expect(readJson(text)).toStrictEqual(JSON.parse(text))
        expect(readJson(`\uFEFF ${text} \n`)).toStrictEqual(JSON.parse(` ${text} \n`))
      }),
      { numRuns: 400 },
    )
  })

  it('refuses what JSON.parse refuses, and agrees on what it accepts, byte for byte', () => {
    const edits = fc.tuple(fc.nat(), fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', ' ', 'x', '1', '-', 'é'))
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(edits, { minLength: 1, maxLength: 3 }), fc.boolean(), (value, cuts, insert) => {
        let text = JSON.stringify({ stories: [value, { title: 'a "quoted" \\ title' }], n: [1, 2] }, null, 1)
        for (const [at, char] of cuts) {
          const i = at % (text.length + 1)
          text = text.slice(0, i) + char + text.slice(insert ? i : i + 1)
        }
        expect(outcome(() => readJson(text))).toStrictEqual(outcome(() => JSON.parse(text)))
      }),
      { numRuns: 1000 },
    )
  })

  it('keeps a key named __proto__ as data, and the last of a repeated key, as JSON.parse does', () => {
    const text = '{"__proto__": {"polluted": true}, "a": 1, "a": [2]}'
    const read = readJson(text) as Record<string, unknown>
    expect(read).toStrictEqual(JSON.parse(text))
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('decoding an upload a piece at a time', () => {
  it('gives the bytes Buffer.from gives, line breaks, URL-safe letters and missing padding included', () => {
    const noisy = fc.tuple(
      fc.uint8Array({ maxLength: 200 }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('\n', '\r\n', ' ', '-', '_', '=', '*'))),
    )
    fc.assert(
      fc.property(noisy, fc.constantFrom(4, 8, 12, 64), fc.boolean(), ([bytes, noise], piece, unpadded) => {
        let base64 = Buffer.from(bytes).toString('base64')
        if (unpadded) base64 = base64.replace(/=+$/, '')
        for (const [at, char] of noise) base64 = base64.slice(0, at % (base64.length + 1)) + char + base64.slice(at % (base64.length + 1))
        expect(runAtOnce(uploadBytes(base64, piece))).toStrictEqual(Buffer.from(base64, 'base64'))
      }),
      { numRuns: 1000 },
    )
  })
})

describe('parsing CSV a chunk at a time', () => {
  const options = { bom: true, relax_column_count: true, skip_empty_lines: true, delimiter: ',' }
  const cell = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('"', '""', ',', '\n', '\r\n', 'æøå', '😀'))

  it('gives the records csv-parse/sync gives, with a character or a quote cut at any chunk border', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        (rows, chunk, quoteAll) => {
          const quote = (c: string) => (quoteAll || /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
          const bytes = Buffer.from(`\uFEFF${rows.map((r) => r.map(quote).join(',')).join('\r\n')}`)
          expect(outcome(() => runAtOnce(csvRecords(bytes, options, chunk)))).toStrictEqual(outcome(() => parse(bytes, options)))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('fails with the message csv-parse/sync gives', () => {
    const bytes = Buffer.from('title,story\n"open,never closed\n')
    expect(() => runAtOnce(csvRecords(bytes, options, 5))).toThrow(/Quote Not Closed/)
  })
})

describe('big files leave the event loop free', () => {
  it('gives other work turns between slices, and runs to the end', async () => {
    let otherTurns = 0
    // Busy until the other work has had three turns: without pauses it would never get one.
    function* busy(): Steps<string> {
      for (let steps = 0; otherTurns < 3; steps++) {
        if (steps > 5e8) throw new Error('never paused')
        yield
      }
      return 'done'
    }
    const other = async () => {
      for (; otherTurns < 3; otherTurns++) await nextTurn()
    }
    const [result] = await Promise.all([runInSlices(busy()), other()])
    expect(result).toBe('done')
  })

  /** Starts `big`, then asks something small one turn later: the small answer must come first. */
  async function answersMeanwhile(call: (method: string, input: unknown) => Promise<ApiResponse<unknown>>, method: string, input: unknown) {
    const order: string[] = []
    const big = call(method, input).then((res) => {
      order.push(method)
      return res
    })
    await nextTurn()
    const small = await call('library.info', {})
    order.push('library.info')
    expect(small.ok).toBe(true)
    const res = await big
    if (!res.ok) throw new Error(JSON.stringify(res.error))
    expect(order).toEqual(['library.info', method])
    return res.value
  }

  const csvOf = (rows: number) => {
    const lines = ['Title,Story,Name,Date,Values']
    for (let i = 0; i < rows; i++)
      lines.push(`Story ${i},"Body of story ${i}, told briefly.",Writer ${i % 50},2025-0${1 + (i % 9)}-1${i % 9},Be humble`)
    return Buffer.from(lines.join('\n')).toString('base64')
  }

  it('answers other calls while a big CSV is previewed and checked', async () => {
    const core = tempCore()
    const call = createDispatch(core)
    const preview = (await answersMeanwhile(call, 'exchange.csvPreview', { base64: csvOf(30_000) })) as {
      previewId: string
      rowCount: number
    }
    expect(preview.rowCount).toBe(30_000)
    const mapping = { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }
    const check = await answersMeanwhile(call, 'exchange.csvCheck', { previewId: preview.previewId, mapping, defaultStatus: 'draft' })
    expect(check).toMatchObject({ ok: 30_000, updated: 0, unchanged: 0, problems: [] })
  }, 60_000)

  it('answers other calls while a big pack is previewed', async () => {
    const core = tempCore()
    const call = createDispatch(core)
    const at = new Date().toISOString()
    const stories = Array.from({ length: 15_000 }, (_, i) => ({
      id: randomUUID(),
      title: `Story ${i}`,
      body: `Body of story ${i}, told briefly.`,
      author: 'Writer',
      team: '',
      customerContext: null,
      happenedOn: '2025-03-14',
      values: ['be-humble'],
      primaryValue: 'be-humble',
      status: 'approved',
      language: 'en',
      isRecovery: false,
      createdAt: at,
      updatedAt: at,
      revision: randomUUID(),
      ancestors: [],
    }))
    const pack = { format: PACK_FORMAT, version: PACK_VERSION, exportedAt: at, values: [], stories }
    const base64 = Buffer.from(JSON.stringify(pack, null, 1)).toString('base64')
    const preview = (await answersMeanwhile(call, 'exchange.previewPack', { base64 })) as { fresh: unknown[] }
    expect(preview.fresh).toHaveLength(15_000)
  }, 60_000)
})

describe('a big import', () => {
  it('compiles each statement once, not once per row (it was half of the write at 100,000 rows)', async () => {
    const core = tempCore()
    const lines = ['Title,Story,Name,Date,Values']
    for (let i = 0; i < 2_000; i++) lines.push(`Story ${i},Body ${i} told.,Writer,2025-01-01,Be humble`)
    const preview = core.csv.preview(Buffer.from(lines.join('\n')).toString('base64'))
    const prepare = core.db.prepare.bind(core.db)
    let compiled = 0
    core.db.prepare = ((sql: string) => {
      compiled++
      return prepare(sql)
    }) as typeof core.db.prepare
    const result = await core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'draft')
    core.db.prepare = prepare
    expect(result.ok).toBe(2_000)
    expect(compiled).toBeLessThan(100)
  }, 60_000)
})
