/**
 * Model-based test of the saved search index: random sequences of story writes, restarts, damaged or
 * foreign saved indexes and background rebuilds, on a real library file. After every step a search
 * through the API must find exactly the live stories the model says carry the word, with no hint:
 * a search never answers from a half-loaded index, and a bad saved index is replaced, never trusted.
 */
import fc from 'fast-check'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { indexKey, MATCHING_INPUTS, readSnapshot, saveSnapshot } from '../../electron/core/search/saved-index'
import type { SearchResponse } from '../../electron/core/search/search-types'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempDir } from './temp-library'

const RUNS = Number(process.env.CULTURE_MODEL_RUNS ?? 12)
const WORDS = ['pelican', 'walrus', 'marzipan', 'quokka'] as const
type Word = (typeof WORDS)[number]

interface Model {
  live: Map<string, Word>
  trashed: Map<string, Word>
}

interface Real {
  file: string
  core: CultureCore
}

const fields = (core: CultureCore, word: Word) => storyFields.parse(storyInput(core, { title: `${word} ${word}` }))
const pick = <T>(items: T[], n: number) => items[n % items.length]

async function check(model: Model, real: Real): Promise<void> {
  const call = createDispatch(real.core)
  for (const word of WORDS) {
    const res = await call('search.query', { text: word, limit: 200 })
    if (!res.ok) throw new Error(res.error.message)
    const value = res.value as SearchResponse
    const expected = [...model.live].filter(([, w]) => w === word).map(([id]) => id)
    expect(value.hints, word).toEqual([])
    expect(value.results.map((r) => r.id).sort(), word).toEqual(expected.sort())
  }
}

const reopen = (real: Real) => {
  real.core.close()
  real.core = openCore(real.file)
}

/** Replaces the saved index's state or blobs, then restarts: the next start must not trust it. */
type Damage = 'checksum' | 'unreadable' | 'otherKey'
async function damage(real: Real, kind: Damage): Promise<void> {
  await real.core.search.idle()
  const db = real.core.db
  const saved = await readSnapshot(db)
  if (!saved) return
  if (kind === 'unreadable') saveSnapshot(db, { ...saved, dictionary: Uint8Array.from([9, 9, 9, 9]) })
  else if (kind === 'checksum')
    db.prepare("UPDATE search_shards SET data = x'00010203' WHERE shard = (SELECT max(shard) FROM search_shards)").run()
  else {
    const state = JSON.parse(db.prepare("SELECT value FROM search_state WHERE key = 'index'").pluck().get() as string)
    const format = indexKey({ ...MATCHING_INPUTS, analysis: -1 })
    db.prepare("UPDATE search_state SET value = ? WHERE key = 'index'").run(JSON.stringify({ ...state, format }))
  }
  reopen(real)
}

type Command = fc.AsyncCommand<Model, Real>
const command = (name: string, run: (model: Model, real: Real) => void | Promise<void>): Command => ({
  check: () => true,
  run: async (model, real) => {
    await run(model, real)
    await check(model, real)
  },
  toString: () => name,
})

const commands = [
  fc.constantFrom(...WORDS).map((word) =>
    command(`create ${word}`, (model, real) => {
      model.live.set(real.core.stories.create(fields(real.core, word), 'draft').id, word)
    }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...WORDS)).map(([n, word]) =>
    command(`edit #${n} to ${word}`, (model, real) => {
      if (model.live.size === 0) return
      const id = pick([...model.live.keys()], n)
      real.core.stories.update(id, fields(real.core, word))
      model.live.set(id, word)
    }),
  ),
  fc.nat().map((n) =>
    command(`trash #${n}`, (model, real) => {
      if (model.live.size === 0) return
      const id = pick([...model.live.keys()], n)
      real.core.stories.trash(id)
      model.trashed.set(id, model.live.get(id)!)
      model.live.delete(id)
    }),
  ),
  fc.nat().map((n) =>
    command(`restore #${n}`, (model, real) => {
      if (model.trashed.size === 0) return
      const id = pick([...model.trashed.keys()], n)
      real.core.stories.restore(id)
      model.live.set(id, model.trashed.get(id)!)
      model.trashed.delete(id)
    }),
  ),
  fc.constant(command('reopen', (_model, real) => reopen(real))),
  fc.constant(command('rebuild and wait', (_model, real) => real.core.search.scheduleRebuild())),
  fc
    .constantFrom<Damage>('checksum', 'unreadable', 'otherKey')
    .map((kind) => command(`damage (${kind}) and reopen`, (_m, real) => damage(real, kind))),
]

describe('the saved search index (model-based)', () => {
  it('finds exactly the live stories after any sequence of writes, restarts, damaged indexes and rebuilds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const file = join(tempDir(), 'library.sqlite')
        const real: Real = { file, core: openCore(file) }
        try {
          await fc.asyncModelRun(() => ({ model: { live: new Map(), trashed: new Map() }, real }), cmds)
        } finally {
          await real.core.search.idle()
          real.core.close()
        }
      }),
      { numRuns: RUNS },
    )
  }, 120_000)
})
