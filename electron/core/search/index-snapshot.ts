import type Database from 'better-sqlite3'
import { buildAll, type BuiltIndex } from './index-builder'
import { liveSources } from './search-sources'
import {
  COVERED_CHUNK,
  coveredChunks,
  currentVersions,
  saveSnapshot,
  toBlobs,
  valueNamesKey,
  type CoveredStory,
  type IndexSnapshot,
} from './saved-index'
import { metaOf } from './search-document'
import type { RebuildResult } from './search-service'

/**
 * A full build of the library's live stories, read in one transaction so that `covered` says
 * exactly which version of each story the build saw: as a build, and as blobs to hand over and save.
 * The stories are streamed into the build, so their texts are analysed and dropped as it goes.
 */
function buildLibrary(db: Database.Database): { built: BuiltIndex; snapshot: IndexSnapshot } {
  const covered: string[] = []
  // A chunk's stories at a time: written out as JSON as soon as it is full, not 50,000 objects kept.
  let stories: [string, CoveredStory][] = []
  const { built, valueNames } = db.transaction(() => {
    const versions = currentVersions(db)
    const valueNames = valueNamesKey(db)
    function* seen() {
      for (const source of liveSources(db)) {
        stories.push([source.id, [versions.get(source.id)!, metaOf(source)]])
        if (stories.length === COVERED_CHUNK) {
          covered.push(...coveredChunks(stories))
          stories = []
        }
        yield source
      }
    }
    return { built: buildAll(seen()), valueNames }
  })()
  covered.push(...coveredChunks(stories))
  return { built, snapshot: { ...toBlobs(built), covered, valueNames } }
}

/** A full build as blobs. Runs in a worker thread in the app. */
export function snapshotLibrary(db: Database.Database): IndexSnapshot {
  return buildLibrary(db).snapshot
}

/**
 * A full build, saved in the library for the next start. A build that cannot be saved (a full disk)
 * is still used, with the reason: only the next start has to build again.
 */
export function buildAndSave(db: Database.Database): RebuildResult & { built: BuiltIndex } {
  const result = buildLibrary(db)
  try {
    saveSnapshot(db, result.snapshot)
    return result
  } catch (err) {
    return { ...result, saveError: String(err) }
  }
}
