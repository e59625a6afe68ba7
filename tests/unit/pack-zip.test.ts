import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDeflateRaw } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { api } from '../../electron/core/api'
import { inputIssues } from '../../electron/core/input-issues'
import { createDispatch } from '../../electron/core/dispatch'
import { packText } from '../../electron/core/exchange/pack-file'
import { PACK_MAX_BASE64, PACK_MAX_BYTES } from '../../electron/core/exchange/pack-types'
import { storyFields } from '../../electron/core/stories/story-input'
import { startWebServer, type RunningWebServer } from '../../electron/web/web-server'
import { storyInput, tempCore, tempDir, thrown } from './temp-library'

const MiB = 1024 * 1024
const GiB = 1024 * MiB

/** `length` zero bytes, deflated a mebibyte at a time: ~1 KB of output per MB, never the whole input in memory. */
async function deflatedZeros(length: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise((resolve) => deflate.on('end', resolve))
  const zero = Buffer.alloc(MiB)
  for (let left = length; left > 0; left -= MiB) deflate.write(left >= MiB ? zero : zero.subarray(0, left))
  deflate.end()
  await done
  return Buffer.concat(chunks)
}

interface CraftedEntry {
  name: string
  data: Uint8Array
  /** What the zip says the entry unpacks to: the truth, or a lie. */
  declaredSize: number
  method?: 0 | 8
}

/** A zip written byte by byte, so its file list can say what a real archiver never would. */
function craftZip(entries: CraftedEntry[]): Uint8Array {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    // The local header and the file list entry share these fields; the list's start two bytes later.
    const common = (header: Buffer, signature: number, at: number) => {
      header.writeUInt32LE(signature, 0)
      header.writeUInt16LE(20, at)
      header.writeUInt16LE(0x800, at + 2)
      header.writeUInt16LE(e.method ?? 8, at + 4)
      header.writeUInt32LE(e.data.length, at + 14)
      header.writeUInt32LE(e.declaredSize, at + 18)
      header.writeUInt16LE(name.length, at + 22)
      return header
    }
    const local = common(Buffer.alloc(30), 0x04034b50, 4)
    const dir = common(Buffer.alloc(46), 0x02014b50, 6)
    dir.writeUInt32LE(offset, 42)
    parts.push(local, name, Buffer.from(e.data))
    central.push(dir, name)
    offset += 30 + name.length + e.data.length
  }
  const dir = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, dir, end])
}

const rssGrowth = (run: () => void) => {
  const before = process.memoryUsage().rss
  run()
  return process.memoryUsage().rss - before
}

let gigabyte: Uint8Array | null = null
/** One real gibibyte of zeros, deflated (about 1 MB), made once for the file. */
async function oneGibibyte(): Promise<Uint8Array> {
  gigabyte ??= await deflatedZeros(GiB)
  return gigabyte
}

describe('zipped packs: zip bombs and the stated limit (issue 9, defect 5)', () => {
  it('refuses a 1 MB pack whose entry really unpacks to 1 GiB, from its file list, without inflating it', async () => {
    const bomb = craftZip([{ name: 'pack.json', data: await oneGibibyte(), declaredSize: GiB }])
    expect(bomb.length).toBeLessThan(2 * MiB)
    let message = ''
    const growth = rssGrowth(() => (message = thrown(() => packText(bomb)).message))
    expect(message).toMatch(
      /too large: its files would unpack to 1,073,741,824 bytes \(“pack\.json” alone 1,073,741,824\), over the 64 MB a pack may hold\. Nothing was imported\./,
    )
    expect(growth).toBeLessThan(64 * MiB)
    // The same refusal comes back through the contract, as a clear error and not a crash.
    const dispatch = createDispatch(tempCore())
    const reply = await dispatch('exchange.previewPack', { base64: Buffer.from(bomb).toString('base64') })
    expect(reply).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input', message: expect.stringContaining('over the 64 MB a pack may hold') },
    })
  })

  it('stops inflating an entry that lies about its size as soon as it passes the stated size', async () => {
    const data = await oneGibibyte()
    const small = craftZip([{ name: 'pack.json', data, declaredSize: 1000 }])
    const started = Date.now()
    let message = ''
    const growth = rssGrowth(() => (message = thrown(() => packText(small)).message))
    expect(message).toBe(
      'The zipped pack is damaged or cut off: “pack.json” unpacks to more than the 1,000 bytes its zip states. Nothing was imported.',
    )
    expect(growth).toBeLessThan(64 * MiB)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('never holds more than the real 64 MB cap of one pack, even when the zip claims just that much', async () => {
    // 300 MB of real data behind a stated size exactly at the product's limit.
    const atTheCap = craftZip([{ name: 'pack.json', data: await deflatedZeros(300 * MiB), declaredSize: PACK_MAX_BYTES }])
    expect(() => packText(atTheCap)).toThrow(
      `“pack.json” unpacks to more than the ${PACK_MAX_BYTES.toLocaleString('en-US')} bytes its zip states`,
    )
    // One byte over the cap, stated honestly: refused before anything is inflated.
    const over = craftZip([{ name: 'pack.json', data: await deflatedZeros(PACK_MAX_BYTES + 1), declaredSize: PACK_MAX_BYTES + 1 }])
    expect(() => packText(over)).toThrow(/would unpack to 67,108,865 bytes .*over the 64 MB a pack may hold/)
  })

  it('refuses eight 1 GiB entries from their sizes, and inflates only pack.json when the sizes lie', async () => {
    const data = await oneGibibyte()
    const names = ['pack.json', ...Array.from({ length: 7 }, (_, i) => `extra-${i}.json`)]
    const honest = craftZip(names.map((name) => ({ name, data, declaredSize: GiB })))
    expect(() => packText(honest)).toThrow(/its files would unpack to 8,589,934,592 bytes/)
    // Lying small sizes: the extra entries are never inflated, and pack.json stops at its stated size.
    const lying = craftZip(names.map((name) => ({ name, data, declaredSize: 10 })))
    let message = ''
    const growth = rssGrowth(() => (message = thrown(() => packText(lying)).message))
    expect(message).toMatch(/“pack\.json” unpacks to more than the 10 bytes its zip states/)
    expect(growth).toBeLessThan(64 * MiB)
  })

  it('checks entry names and counts before inflating, and still reads a well-formed pack with a stored entry', () => {
    const json = Buffer.from('{"format":"culture-book-pack"}')
    expect(() =>
      packText(
        craftZip([
          { name: 'pack.json', data: json, declaredSize: json.length, method: 0 },
          { name: '..\\evil.txt', data: json, declaredSize: 1, method: 0 },
        ]),
      ),
    ).toThrow(/unsafe name \(“\.\.\\evil\.txt”\)/)
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.txt`, data: json, declaredSize: json.length, method: 0 as const }))
    expect(() => packText(craftZip(many))).toThrow(/holds 101 files; a pack holds one/)
    expect(packText(craftZip([{ name: 'pack.json', data: json, declaredSize: json.length, method: 0 }]))).toBe(json.toString())
    expect(() => packText(craftZip([{ name: 'pack.json', data: json, declaredSize: json.length + 5, method: 0 }]))).toThrow(
      /unpacks to 30 bytes, not the 35 its zip states/,
    )
  })
})

describe('the stated pack limit is the real one (issue 9, defect 5)', () => {
  let server: RunningWebServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })

  /** A plain JSON pack of about `megabytes` MB, made of valid stories. */
  function bigPack(megabytes: number): string {
    const a = tempCore()
    const seed = a.stories.create(storyFields.parse(storyInput(a)), 'draft')
    const out = join(tempDir(), 'seed.culturepack')
    a.packs.exportPack(out, { ids: [seed.id] })
    const pack = JSON.parse(readFileSync(out, 'utf8'))
    const template = pack.stories[0]
    const body = 'The parcel went to the wrong city, so we sent a new pair by courier that night. '.repeat(500)
    const count = Math.ceil((megabytes * MiB) / (body.length + 600))
    pack.stories = Array.from({ length: count }, (_, i) => ({
      ...template,
      id: `60000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `Story ${i}`,
      body,
      revision: undefined,
      ancestors: undefined,
    }))
    return JSON.stringify(pack)
  }

  it('takes a 60 MB pack through browser mode end to end, and refuses one over 64 MB with the stated limit', async () => {
    const core = tempCore()
    const rendererDir = tempDir()
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
    server = await startWebServer({ dispatch: createDispatch(core), changes: core.changes, rendererDir })
    const post = (method: string, input: unknown) =>
      fetch(`${server!.url}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-culture-token': server!.token },
        body: JSON.stringify(input),
      })

    const json = bigPack(60)
    expect(json.length).toBeGreaterThan(59 * MiB)
    expect(json.length).toBeLessThan(PACK_MAX_BYTES)
    let res = await post('exchange.previewPack', { base64: Buffer.from(json).toString('base64') })
    expect(res.status).toBe(200)
    const preview = (await res.json()).value as { previewId: string; fresh: unknown[] }
    expect(preview.fresh.length).toBe(JSON.parse(json).stories.length)
    res = await post('exchange.applyPack', { previewId: preview.previewId, resolutions: {} })
    let job = (await res.json()).value as { id: string; state: string; result?: { created: number } }
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 100))
      job = (await (await post('jobs.get', { id: job.id })).json()).value
    }
    expect(job).toMatchObject({ state: 'done', result: { created: preview.fresh.length } })

    // Just over the limit: the transport accepts the bytes, and the answer names the limit.
    const over = Buffer.alloc(PACK_MAX_BYTES + 3, 0x20)
    res = await post('exchange.previewPack', { base64: over.toString('base64') })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toMatch(/The pack is too large \(over 64 MB/)
  }, 120_000)

  it('sizes the contract from the byte limit, so any pack the message allows fits', () => {
    expect(Buffer.alloc(PACK_MAX_BYTES).toString('base64').length).toBeLessThanOrEqual(PACK_MAX_BASE64)
    const schema = api['exchange.previewPack'].input
    expect(schema.safeParse({ base64: 'A'.repeat(PACK_MAX_BASE64) }).success).toBe(true)
    const over = { base64: 'A'.repeat(PACK_MAX_BASE64 + 4) }
    const issues = inputIssues(schema.safeParse(over).error!, over, 'exchange.previewPack')
    expect(issues).toEqual([
      expect.objectContaining({ code: 'pack.uploadTooLarge', params: { max: 64 }, message: 'The pack is too large (over 64 MB).' }),
    ])
  })
})
