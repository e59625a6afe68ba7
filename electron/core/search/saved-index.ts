import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import lunr from 'lunr'
import { deserialize, serialize, type CompiledIndex } from './compiled-index'
import { SEARCH_FIELDS, type SearchField } from './search-document'

/** Changes whenever an index built by another version could score or match differently. */
export const INDEX_FORMAT = `lunr ${lunr.version}; culture-book analysis 1; fields ${SEARCH_FIELDS.join(',')}`

/** A full build as it is handed between the worker, the engine and the library file. */
export interface IndexSnapshot {
  shards: Uint8Array[]
  documentCount: number
  averageFieldLength: Record<SearchField, number>
  /** The stories the build covers, with the `updated_at` it saw: what changed since is replayed. */
  covered: Record<string, string>
  /** Value names the build used; a rename makes the whole build stale. */
  valueNames: string
}

/** The live stories and their versions, as the library holds them now. */
export function currentVersions(db: Database.Database): Record<string, string> {
  const rows = db.prepare('SELECT id, updated_at FROM stories WHERE deleted_at IS NULL').all() as {
    id: string
    updated_at: string
  }[]
  return Object.fromEntries(rows.map((r) => [r.id, r.updated_at]))
}

export function valueNamesKey(db: Database.Database): string {
  const rows = db.prepare('SELECT id, name FROM core_values ORDER BY id').all() as { id: string; name: string }[]
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex')
}

function checksum(snapshot: IndexSnapshot): string {
  const hash = createHash('sha256')
  for (const shard of snapshot.shards) hash.update(shard)
  return hash.digest('hex')
}

/** Replaces the saved index in one transaction. */
export function saveSnapshot(db: Database.Database, snapshot: IndexSnapshot): void {
  const state = {
    format: INDEX_FORMAT,
    checksum: checksum(snapshot),
    documentCount: snapshot.documentCount,
    averageFieldLength: snapshot.averageFieldLength,
    covered: snapshot.covered,
    valueNames: snapshot.valueNames,
  }
  db.transaction(() => {
    db.prepare('DELETE FROM search_shards').run()
    const insert = db.prepare('INSERT INTO search_shards (shard, data) VALUES (?, ?)')
    snapshot.shards.forEach((data, i) => insert.run(i, Buffer.from(data.buffer, data.byteOffset, data.byteLength)))
    db.prepare("INSERT OR REPLACE INTO search_state (key, value) VALUES ('index', ?)").run(JSON.stringify(state))
  }).immediate()
}

/**
 * The saved index, or null when there is none or it cannot be trusted: another format, a checksum
 * that does not match its shards (a damaged or foreign blob). The caller then rebuilds.
 */
export function readSnapshot(db: Database.Database): IndexSnapshot | null {
  const row = db.prepare("SELECT value FROM search_state WHERE key = 'index'").get() as { value: string } | undefined
  if (!row) return null
  try {
    const state = JSON.parse(row.value)
    if (state.format !== INDEX_FORMAT) return null
    const shards = (db.prepare('SELECT data FROM search_shards ORDER BY shard').all() as { data: Buffer }[]).map(
      (r) => new Uint8Array(r.data),
    )
    const snapshot: IndexSnapshot = {
      shards,
      documentCount: state.documentCount,
      averageFieldLength: state.averageFieldLength,
      covered: state.covered,
      valueNames: state.valueNames,
    }
    return checksum(snapshot) === state.checksum ? snapshot : null
  } catch {
    return null
  }
}

export function toSnapshotShards(shards: CompiledIndex[]): Uint8Array[] {
  return shards.map(serialize)
}

export function fromSnapshotShard(data: Uint8Array): CompiledIndex {
  return deserialize(data)
}
