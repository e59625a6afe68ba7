import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildAll, DELTA_LIMIT, SearchEngine } from '../../electron/core/search/search-engine'
import { metaOf, type SearchSource } from '../../electron/core/search/search-document'
import { deserialize, deserializeDictionary, serialize, serializeDictionary } from '../../electron/core/search/compiled-index'

/** Few words, several sharing stems and prefixes, in three languages: terms collide across stories. */
const WORDS = [
  'parcel',
  'parcels',
  'refund',
  'kunden',
  'kunderne',
  'leverans',
  'boots',
  'flowers',
  'courier',
  'bröllop',
  'wedding',
  'smile',
  'deliver',
  'delivery',
  'umeå',
  'ümea',
  'brüllop',
]
const QUERIES = [
  'parcel',
  'kund',
  'refu',
  'weding',
  'boots -courier',
  'bröllop',
  'smile flowers',
  'deliv',
  'title:boots',
  'parcel wedding courier',
  '"sent flowers"',
  'umea',
  'brollop',
  'brul',
]

type Text = { title: string; body: string; language: 'en' | 'da' | 'sv' }
const text: fc.Arbitrary<Text> = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  body: fc.array(fc.constantFrom(...WORDS, 'the', 'sent', 'and'), { minLength: 0, maxLength: 12 }).map((w) => w.join(' ')),
  language: fc.constantFrom('en' as const, 'da' as const, 'sv' as const),
})

function source(id: string, t: Text): SearchSource {
  return {
    id,
    ...t,
    customerContext: null,
    author: 'Ann Holm',
    team: 'Returns',
    status: 'draft',
    happenedOn: '2024-03-01',
    primaryValueId: 'v1',
    valueIds: ['v1'],
    valueNames: ['Be humble'],
  }
}

interface Model {
  live: Map<string, SearchSource>
  trashed: Map<string, SearchSource>
  next: number
}

const load = (engine: SearchEngine, stories: SearchSource[]) =>
  engine.load(buildAll(stories), new Map(stories.map((s) => [s.id, metaOf(s)])))

/** The engine answers every query exactly as an engine freshly built from the live stories does. */
function expectFresh(model: Model, engine: SearchEngine) {
  const stories = [...model.live.values()]
  const fresh = new SearchEngine()
  load(fresh, stories)
  for (const q of QUERIES) {
    const got = engine.search(q)
    const want = fresh.search(q)
    expect({ q, hits: got.hits, hints: got.hints }).toEqual({ q, hits: want.hits, hints: want.hints })
    // Asked for the first page only: the same first hits, and the same total.
    const page = engine.search(q, {}, undefined, 3)
    expect({ q, hits: page.hits, total: page.total }).toEqual({ q, hits: want.hits.slice(0, 3), total: want.total })
  }
  for (const story of stories.slice(0, 3)) expect(engine.similar(story, 5)).toEqual(fresh.similar(story, 5))
}

const pick = (ids: string[], n: number) => ids[n % ids.length]

class Create implements fc.Command<Model, SearchEngine> {
  constructor(readonly t: Text) {}
  check = () => true
  run(m: Model, e: SearchEngine) {
    const s = source(`s${m.next++}`, this.t)
    m.live.set(s.id, s)
    e.upsert(s)
    expectFresh(m, e)
  }
  toString = () => `create ${JSON.stringify(this.t)}`
}

class Edit implements fc.Command<Model, SearchEngine> {
  constructor(
    readonly n: number,
    readonly t: Text,
  ) {}
  check = (m: Readonly<Model>) => m.live.size > 0
  run(m: Model, e: SearchEngine) {
    const s = source(pick([...m.live.keys()], this.n), this.t)
    m.live.set(s.id, s)
    e.upsert(s)
    expectFresh(m, e)
  }
  toString = () => `edit #${this.n} ${JSON.stringify(this.t)}`
}

class Delete implements fc.Command<Model, SearchEngine> {
  constructor(readonly n: number) {}
  check = (m: Readonly<Model>) => m.live.size > 0
  run(m: Model, e: SearchEngine) {
    const id = pick([...m.live.keys()], this.n)
    m.trashed.set(id, m.live.get(id)!)
    m.live.delete(id)
    e.remove(id)
    expectFresh(m, e)
  }
  toString = () => `delete #${this.n}`
}

class Restore implements fc.Command<Model, SearchEngine> {
  constructor(readonly n: number) {}
  check = (m: Readonly<Model>) => m.trashed.size > 0
  run(m: Model, e: SearchEngine) {
    const id = pick([...m.trashed.keys()], this.n)
    m.live.set(id, m.trashed.get(id)!)
    m.trashed.delete(id)
    e.upsert(m.live.get(id)!)
    expectFresh(m, e)
  }
  toString = () => `restore #${this.n}`
}

/** A background rebuild finishing: the build goes through the blobs, as between the worker and the app. */
class Rebuild implements fc.Command<Model, SearchEngine> {
  check = () => true
  run(m: Model, e: SearchEngine) {
    const stories = [...m.live.values()]
    const built = buildAll(stories)
    const carried = {
      dictionary: deserializeDictionary(serializeDictionary(built.dictionary)),
      shards: built.shards.map((s) => deserialize(serialize(s))),
    }
    e.load(carried, new Map(stories.map((s) => [s.id, metaOf(s)])))
    expectFresh(m, e)
  }
  toString = () => 'rebuild'
}

describe('exact document frequencies', () => {
  it('scores and ranks as a fresh full build after any creates, edits, deletes, restores and rebuilds', () => {
    const commands = [
      text.map((t) => new Create(t)),
      fc.tuple(fc.nat(), text).map(([n, t]) => new Edit(n, t)),
      fc.nat().map((n) => new Delete(n)),
      fc.nat().map((n) => new Restore(n)),
      fc.constant(new Rebuild()),
    ]
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), fc.commands(commands, { maxCommands: 30 }), (initial, cmds) => {
        const model: Model = { live: new Map(), trashed: new Map(), next: 0 }
        for (const t of initial) {
          const s = source(`s${model.next++}`, t)
          model.live.set(s.id, s)
        }
        const engine = new SearchEngine()
        load(engine, [...model.live.values()])
        fc.modelRun(() => ({ model, real: engine }), cmds)
      }),
      { numRuns: 60 },
    )
  })
})

describe('a build that includes stories deleted since', () => {
  it('scores as a fresh build of the live stories only', () => {
    const stories = WORDS.map((w, i) => source(`s${i}`, { title: w, body: `${WORDS[(i * 5) % WORDS.length]} parcel`, language: 'en' }))
    const live = stories.filter((_, i) => i % 3 !== 0)
    const engine = new SearchEngine()
    engine.load(buildAll(stories), new Map(live.map((s) => [s.id, metaOf(s)])))
    const fresh = new SearchEngine()
    load(fresh, live)
    for (const q of QUERIES) expect(engine.search(q).hits).toEqual(fresh.search(q).hits)
  })
})

describe('the rebuild threshold', () => {
  it('counts deleted stories as well as edited and new ones', () => {
    const stories = Array.from({ length: DELTA_LIMIT * 2 }, (_, i) =>
      source(`s${i}`, { title: 'parcel', body: `refund ${i}`, language: 'en' }),
    )
    const engine = new SearchEngine()
    load(engine, stories)
    // Deletions alone: each leaves a stale copy in the shards that every query still reads past.
    for (const s of stories.slice(0, DELTA_LIMIT)) engine.remove(s.id)
    expect(engine.needsRebuild).toBe(false)
    engine.remove(stories[DELTA_LIMIT].id)
    expect(engine.needsRebuild).toBe(true)
    // A story edited twice, or edited then deleted, counts once.
    load(engine, stories)
    for (const s of stories.slice(0, DELTA_LIMIT)) engine.upsert({ ...s, body: 'edited' })
    for (const s of stories.slice(0, DELTA_LIMIT)) engine.remove(s.id)
    expect(engine.needsRebuild).toBe(false)
    engine.upsert(source('new', { title: 'new', body: '', language: 'en' }))
    expect(engine.needsRebuild).toBe(true)
  })
})

describe('loading a build gradually', () => {
  const stories = Array.from({ length: 30 }, (_, i) =>
    source(`s${i}`, { title: WORDS[i % WORDS.length], body: `${WORDS[(i * 7) % WORDS.length]} parcel`, language: 'en' }),
  )
  const meta = () => new Map(stories.map((s) => [s.id, metaOf(s)]))
  const built = () => buildAll(stories)

  it('answers from the old build until the new one is in, then as `load` would', async () => {
    const engine = new SearchEngine()
    load(engine, stories.slice(0, 5))
    const before = engine.search('parcel').total
    let slices = 0
    const done = engine.loadGradually(built(), meta(), async () => {
      slices++
      expect(engine.search('parcel').total).toBe(before)
      await new Promise((r) => setImmediate(r))
    })
    expect(await done).toBe(true)
    expect(slices).toBeGreaterThan(1)
    const fresh = new SearchEngine()
    load(fresh, stories)
    for (const q of QUERIES) expect(engine.search(q).hits).toEqual(fresh.search(q).hits)
  })

  it('gives up, changing nothing, when another load starts meanwhile', async () => {
    const engine = new SearchEngine()
    const gradual = engine.loadGradually(built(), meta())
    load(engine, stories.slice(0, 5))
    expect(await gradual).toBe(false)
    expect(engine.size).toBe(5)
  })
})

describe('index blobs', () => {
  it('read back the same piece, from an unaligned copy too, and with 32-bit document numbers', () => {
    const built = buildAll(WORDS.map((w, i) => source(`s${i}`, { title: w, body: `${w} parcel parcel`, language: 'sv' })))
    const shard = built.shards[0]
    const unaligned = (blob: Uint8Array) => {
      const room = new Uint8Array(blob.byteLength + 1)
      room.set(blob, 1)
      return room.subarray(1)
    }
    expect(deserialize(unaligned(serialize(shard)))).toEqual(shard)
    expect(deserializeDictionary(unaligned(serializeDictionary(built.dictionary)))).toEqual(built.dictionary)
    const wide = { ...shard, docs: Uint32Array.from(shard.docs) }
    const back = deserialize(serialize(wide))
    expect(back.docs).toBeInstanceOf(Uint32Array)
    expect(back).toEqual(wide)
  })
})
