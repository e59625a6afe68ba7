import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { snapshotLibrary } from '../../electron/core/search/index-snapshot'
import { INDEX_FORMAT, indexKey, MATCHING_INPUTS, readSnapshot, saveSnapshot } from '../../electron/core/search/saved-index'
import type { SearchResponse } from '../../electron/core/search/search-types'
import { workerRebuild } from '../../electron/core/search/worker-rebuild'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'
import type { Story } from '../../electron/core/stories/story'

const ids = (core: ReturnType<typeof openCore>, text: string) => core.search.search(text, {}, 0, 50).results.map((r) => r.id)

/** A library file with one story, 'Pelican post', and its index saved; `change` then runs on it before it is closed. */
async function savedLibrary(change: (core: CultureCore) => void | Promise<void> = () => {}): Promise<{ file: string; story: Story }> {
  const file = join(tempDir(), 'library.sqlite')
  const first = openCore(file)
  const story = first.stories.create(storyFields.parse(storyInput(first, { title: 'Pelican post' })), 'draft')
  first.search.rebuildNow()
  await change(first)
  first.close()
  return { file, story }
}

describe('the saved search index', () => {
  it('is loaded on the next start instead of rebuilt, and catches up with edits made since', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const first = openCore(file)
    const kept = first.stories.create(storyFields.parse(storyInput(first, { title: 'Pelican post' })), 'draft')
    const later = first.stories.create(storyFields.parse(storyInput(first, { title: 'Walrus mail' })), 'draft')
    first.search.rebuildNow()
    // After the save: one edit, one removal. Neither is in the saved index.
    first.stories.update(later.id, storyFields.parse(storyInput(first, { title: 'Walrus parcel' })))
    first.stories.trash(kept.id)
    first.close()

    let builds = 0
    const second = openCore(file, {
      rebuildSearch: async () => {
        builds++
        throw new Error('should not rebuild')
      },
    })
    await second.search.ready
    expect(builds).toBe(0)
    expect(ids(second, 'walrus parcel')).toEqual([later.id])
    expect(ids(second, 'pelican')).toEqual([])
    second.close()
  })

  it('detects a damaged saved index, rebuilds it, and searches meanwhile', async () => {
    const { file, story } = await savedLibrary((first) => {
      first.db.prepare("UPDATE search_shards SET data = x'00010203' WHERE shard = (SELECT max(shard) FROM search_shards)").run()
    })

    const second = tempCore(file)
    // The damaged blob fails its checksum: a background build replaces it.
    await second.search.idle()
    expect(ids(second, 'pelican')).toEqual([story.id])
    // The rebuilt index is saved whole again.
    expect(await readSnapshot(second.db)).not.toBeNull()
  })

  it('builds in the background on a first start, while edits stay searchable', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const slow = openCore(join(tempDir(), 'slow.sqlite'), {
      rebuildSearch: async () => {
        await gate
        return { snapshot: snapshotLibrary(slow.db) }
      },
    })
    const story = slow.stories.create(storyFields.parse(storyInput(slow, { title: 'Marzipan slippers' })), 'draft')
    expect(ids(slow, 'marzipan')).toEqual([story.id])
    release()
    await slow.search.idle()
    expect(ids(slow, 'marzipan')).toEqual([story.id])
    expect(slow.search.engine.deltaSize).toBe(0)
    slow.close()
  })

  it('is keyed by every input that changes matching, and one built with other inputs is rebuilt, not used', async () => {
    const others = Object.keys(MATCHING_INPUTS).map((key) => indexKey({ ...MATCHING_INPUTS, [key]: 'another' }))
    expect(new Set([INDEX_FORMAT, ...others]).size).toBe(others.length + 1)
    // The key before issue 12 left out the lunr-languages version, the boosts and BM25's parameters.
    const before = 'lunr 2.3.9; culture-book analysis 1; fields title,values,body,byline'
    const stemmerUpdate = indexKey({ ...MATCHING_INPUTS, lunrLanguages: '0.0.1' })
    for (const key of [before, stemmerUpdate]) {
      const { file, story } = await savedLibrary((first) => {
        const state = first.db.prepare("SELECT value FROM search_state WHERE key = 'index'").pluck().get() as string
        first.db.prepare("UPDATE search_state SET value = ? WHERE key = 'index'").run(JSON.stringify({ ...JSON.parse(state), format: key }))
      })

      let builds = 0
      const second = openCore(file, {
        rebuildSearch: async () => {
          builds++
          return { snapshot: snapshotLibrary(second.db) }
        },
      })
      await second.search.idle()
      expect(builds).toBe(1)
      expect(ids(second, 'pelican')).toEqual([story.id])
      second.close()
    }
  })

  it('rebuilds a saved index that passes its checksum but cannot be read, searching a small library meanwhile', async () => {
    const { file, story } = await savedLibrary(async (first) => {
      // A blob from a build this one does not understand, under a checksum that matches it.
      const saved = (await readSnapshot(first.db))!
      saveSnapshot(first.db, { ...saved, shards: [Uint8Array.from([0, 1, 2, 3]), ...saved.shards.slice(1)] })
    })

    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    let builds = 0
    const second = openCore(file, {
      rebuildSearch: async () => {
        builds++
        await gate
        return { snapshot: snapshotLibrary(second.db) }
      },
    })
    await second.search.ready
    expect(builds).toBe(1)
    // While the build runs, the delta holds the whole (small) library: nothing is missing, no hint.
    expect(second.search.search('pelican', {}, 0, 10)).toMatchObject({ total: 1, hints: [] })
    release()
    await second.search.idle()
    expect(ids(second, 'pelican')).toEqual([story.id])
    expect(second.search.engine.deltaSize).toBe(0)
    second.close()
  })

  it('answers a search at start once the saved index is loaded, not with nothing before', async () => {
    const { file, story } = await savedLibrary()
    const second = tempCore(file)
    // Asked before the load has finished, as a window that opens on the search page does.
    const response = (await createDispatch(second)('search.query', { text: 'pelican' })) as { ok: true; value: SearchResponse }
    expect(response.value.results.map((r) => r.id)).toEqual([story.id])
    expect(response.value.hints).toEqual([])
  })

  it('says search is still indexing, with how many stories, while the first build of a big library runs', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const first = openCore(file, { rebuildSearch: () => new Promise(() => {}) })
    const created = first.search.batch(() =>
      Array.from({ length: 70 }, (_, i) => first.stories.create(storyFields.parse(storyInput(first, { title: `Walrus ${i}` })), 'draft')),
    )
    first.close()

    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const second: CultureCore = openCore(file, {
      rebuildSearch: async () => {
        await gate
        return { snapshot: snapshotLibrary(second.db) }
      },
    })
    const during = await second.search.query('walrus', {}, 0, 100)
    expect(during.hints).toEqual([{ code: 'indexing', count: 70 }])
    expect(during.hint).toBe('Search is still indexing 70 stories; results may be incomplete.')
    // An edit made meanwhile is found at once, and no longer counted as waiting.
    second.stories.update(created[0].id, storyFields.parse(storyInput(second, { title: 'Walrus parcel' })))
    expect(second.search.search('parcel', {}, 0, 10)).toMatchObject({ total: 1, hints: [{ code: 'indexing', count: 69 }] })
    release()
    await second.search.idle()
    const after = await second.search.query('walrus', {}, 0, 100)
    expect(after).toMatchObject({ total: 70, hints: [] })
    second.close()
  })

  it('is built and saved by a worker thread on its own connection, and the next start loads it', async () => {
    const file = join(tempDir(), 'library.sqlite')
    // The worker from its TypeScript source, as the benchmark runs it.
    const worker = workerRebuild(resolve(import.meta.dirname, '../../electron/core/search/rebuild-worker.ts'), file)
    const first = openCore(file, { rebuildSearch: worker })
    const story = first.stories.create(storyFields.parse(storyInput(first, { title: 'Pelican post' })), 'draft')
    await first.search.scheduleRebuild()
    expect(ids(first, 'pelican')).toEqual([story.id])
    first.close()

    const second = openCore(file, { rebuildSearch: () => Promise.reject(new Error('should not rebuild')) })
    expect((await second.search.query('pelican', {}, 0, 10)).results.map((r) => r.id)).toEqual([story.id])
    expect(second.search.engine.deltaSize).toBe(0)
    second.close()
  }, 30_000)

  it('uses a build it cannot save, and logs why', async () => {
    const errors: string[] = []
    const log = {
      error: (details: { err?: unknown }, message: string) => errors.push(`${message}: ${String(details.err)}`),
      warn() {},
      info() {},
    }
    const core = openCore(join(tempDir(), 'library.sqlite'), { log })
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'Pelican post' })), 'draft')
    await core.search.idle()
    core.db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON search_shards BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END")
    await core.search.scheduleRebuild()
    expect(errors).toEqual([expect.stringMatching(/^The rebuilt search index could not be saved: .*disk is full/)])
    expect(ids(core, 'pelican')).toEqual([story.id])
    expect(core.search.engine.deltaSize).toBe(0)
    core.close()
  })
})
