import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { snapshotLibrary } from '../../electron/core/search/index-snapshot'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

const ids = (core: ReturnType<typeof openCore>, text: string) => core.search.search(text, {}, 0, 50).results.map((r) => r.id)

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
    const file = join(tempDir(), 'library.sqlite')
    const first = openCore(file)
    const story = first.stories.create(storyFields.parse(storyInput(first, { title: 'Pelican post' })), 'draft')
    first.search.rebuildNow()
    first.db.prepare("UPDATE search_shards SET data = x'00010203' WHERE shard = 0").run()
    first.close()

    const second = tempCore(file)
    // The damaged blob fails its checksum: a background build replaces it.
    await second.search.idle()
    expect(ids(second, 'pelican')).toEqual([story.id])
    const saved = second.db.prepare('SELECT length(data) AS n FROM search_shards WHERE shard = 0').get() as { n: number }
    expect(saved.n).toBeGreaterThan(4)
  })

  it('builds in the background on a first start, while edits stay searchable', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const slow = openCore(join(tempDir(), 'slow.sqlite'), {
      rebuildSearch: async () => {
        await gate
        return snapshotLibrary(slow.db)
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
})
