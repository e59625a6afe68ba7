import { describe, expect, it } from 'vitest'
import { FIELD_COUNT } from '../../electron/core/search/compiled-index'
import { buildAll, SHARD_SIZE } from '../../electron/core/search/search-engine'
import type { SearchSource } from '../../electron/core/search/search-document'
import { join } from 'node:path'
import { openCore } from '../../electron/core/culture-core'
import { snapshotLibrary } from '../../electron/core/search/index-snapshot'
import { COVERED_CHUNK, currentVersions, readCovered } from '../../electron/core/search/saved-index'
import type { SearchMeta } from '../../electron/core/search/search-document'
import { makeCorpus } from '../bench/search-corpus'
import { manyStories, tempDir } from './temp-library'

const values = [
  { id: 'v1', name: 'Deliver WOW through service' },
  { id: 'v2', name: 'Be humble' },
]

describe('a full build fed one story at a time', () => {
  it('builds the same index from a stream as from a list, taking each story only when it analyses it', () => {
    const stories = makeCorpus(2 * SHARD_SIZE + 321, values)
    let taken = 0
    let analysed = 0
    let mostWaiting = 0
    function* stream(): Generator<SearchSource> {
      for (const story of stories) {
        let read = false
        // Counts a story as analysed when its body is first read.
        const watched: SearchSource = {
          ...story,
          get body() {
            if (!read) analysed++
            read = true
            return story.body
          },
        }
        taken++
        mostWaiting = Math.max(mostWaiting, taken - analysed)
        yield watched
      }
    }
    const streamed = buildAll(stream())
    expect(taken).toBe(stories.length)
    expect(analysed).toBe(stories.length)
    // Taken but not yet analysed: only the story being analysed, never a shard's worth.
    expect(mostWaiting).toBe(1)
    const listed = buildAll(stories)
    expect(streamed.dictionary).toEqual(listed.dictionary)
    expect(streamed.shards).toEqual(listed.shards)
    expect(streamed.shards.map((s) => s.docRefs.length)).toEqual([SHARD_SIZE, SHARD_SIZE, 321])
    expect(streamed.dictionary.documentCount).toBe(stories.length)
  })

  it('ends its shards where the stream ends: none for no stories, one short one for a few', () => {
    const few = makeCorpus(3, values)
    expect(buildAll([].values()).shards).toEqual([])
    expect(buildAll([].values()).dictionary.documentCount).toBe(0)
    const built = buildAll(few.values())
    expect(built.shards.map((s) => s.docRefs)).toEqual([few.map((s) => s.id)])
    expect(built.shards[0].fieldLengths.length).toBe(3 * FIELD_COUNT)
    expect(built.dictionary.documentCount).toBe(3)
  })

  it('covers every live story of the library with the version it read, written out a chunk at a time', () => {
    const core = openCore(join(tempDir(), 'library.sqlite'), { rebuildSearch: () => new Promise(() => {}) })
    manyStories(core, COVERED_CHUNK + 5)
    const [trashed] = core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1 }).items
    core.stories.trash(trashed.id)
    const snapshot = snapshotLibrary(core.db)
    const versions = new Map<string, string>()
    const meta = new Map<string, SearchMeta>()
    for (const chunk of snapshot.covered) readCovered(chunk, versions, meta)
    expect(snapshot.covered).toHaveLength(2)
    expect(versions).toEqual(currentVersions(core.db))
    expect(versions.has(trashed.id)).toBe(false)
    expect(meta.size).toBe(COVERED_CHUNK + 4)
    core.close()
  }, 30_000)
})
