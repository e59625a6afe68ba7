import type Database from 'better-sqlite3'
import { buildAll } from './search-engine'
import { allSources } from './search-sources'
import { currentVersions, toSnapshotShards, valueNamesKey, type IndexSnapshot } from './saved-index'

/**
 * A full build of the library's live stories, read in one transaction so that `covered` says
 * exactly which version of each story the build saw. Runs in a worker thread in the app.
 */
export function snapshotLibrary(db: Database.Database): IndexSnapshot {
  const { sources, covered, valueNames } = db.transaction(() => ({
    sources: allSources(db),
    covered: currentVersions(db),
    valueNames: valueNamesKey(db),
  }))()
  const built = buildAll(sources)
  return {
    shards: toSnapshotShards(built.shards),
    documentCount: built.documentCount,
    averageFieldLength: built.averageFieldLength,
    covered,
    valueNames,
  }
}
