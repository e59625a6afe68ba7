import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { backupDir } from '../../electron/core/library/backups'
import { snapshotLibrary } from '../../electron/core/library/library-snapshot'
import { removeOwnedTempDirs } from '../../electron/core/owned-temp'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

describe('a snapshot for the command line', () => {
  it('reads a library another core holds open, without touching it, and goes away with the process', async () => {
    const holder = tempCore()
    holder.stories.create(storyFields.parse(storyInput(holder, { title: 'Written in the app, not yet checkpointed' })), 'approved')
    // Opening the library itself is refused while it is held...
    expect(() => openCore(holder.libraryPath)).toThrow(/already open/)
    // ...a snapshot is not, and holds every committed story.
    const copy = await snapshotLibrary(holder.libraryPath)
    const reader = openCore(copy, { throwaway: true })
    await reader.ready
    expect(reader.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).items.map((s) => s.title)).toEqual([
      'Written in the app, not yet checkpointed',
    ])
    expect(existsSync(backupDir(copy)), 'no backup of a throwaway copy').toBe(false)
    reader.close()
    expect(existsSync(backupDir(holder.libraryPath))).toBe(false)
    removeOwnedTempDirs()
    expect(existsSync(dirname(copy))).toBe(false)
  })

  it('says so for a library that is not there', async () => {
    await expect(snapshotLibrary(join(tempDir(), 'missing.sqlite'))).rejects.toThrow(/does not exist/)
  })
})
