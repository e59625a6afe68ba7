import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import lunr from 'lunr'
import { COMPILED_FORMAT, deserialize, deserializeDictionary, serialize, serializeDictionary } from './compiled-index'
import type { BuiltIndex } from './index-builder'
import { BM25 } from './live-statistics'
import { FIELD_BOOST, SEARCH_FIELDS, type SearchMeta } from './search-document'

// Read where it is installed: the main bundle keeps dependencies external, and Node's ESM loads no JSON
// without an import attribute.
const lunrLanguages = createRequire(import.meta.url)('lunr-languages/package.json') as { version: string }

/**
 * Version of our own text analysis (word splitting, stop words, accent folding, stemmer choices).
 * Raise it with any change that makes the same text give other index terms.
 */
export const ANALYSIS_VERSION = 2

/**
 * Every input that changes what a saved index matches or how it scores: the stemmers (lunr and
 * lunr-languages), our analysis, the fields and their boosts, BM25's parameters and the blobs' layout.
 * The shard size is not one: every shard is scored with the collection's statistics.
 */
export const MATCHING_INPUTS = {
  lunr: lunr.version,
  lunrLanguages: lunrLanguages.version,
  analysis: ANALYSIS_VERSION,
  fields: SEARCH_FIELDS,
  boost: FIELD_BOOST,
  bm25: BM25,
  layout: COMPILED_FORMAT,
}

/** The key a saved index is stored under: an index built with other inputs is rebuilt, never used. */
export function indexKey(inputs: typeof MATCHING_INPUTS = MATCHING_INPUTS): string {
  return JSON.stringify(inputs)
}

export const INDEX_FORMAT = indexKey()

/** Stories per chunk of `covered`: each chunk is parsed in one turn of the event loop. */
export const COVERED_CHUNK = 2_000

/** A full build as it is handed between the worker, the engine and the library file. */
export interface IndexSnapshot {
  /** The build's term dictionary and collection statistics. */
  dictionary: Uint8Array
  shards: Uint8Array[]
  /**
   * The stories the build covers, with the `updated_at` it saw (what changed since is replayed) and
   * their filter facts, as JSON objects of at most COVERED_CHUNK CoveredStory: small to hand over and
   * to parse, and loading needs no pass over the library's stories.
   */
  covered: string[]
  /** Value names the build used; a rename makes the whole build stale. */
  valueNames: string
}

/**
 * What `search_state` says about the saved index. Its blobs, the dictionary then the shards, are rows
 * `first …` of `search_shards`; `covered` is in rows `covered/0 …` of `search_state`.
 */
interface SavedState {
  format: string
  checksum: string
  first: number
  shards: number
  coveredChunks: number
  valueNames: string
}

/** The saved index cannot be used (damaged, foreign or half gone): the caller rebuilds it. */
export class SavedIndexError extends Error {}

/** Stories and their versions in `ids` order, one slice; `after` is the last id of the previous slice. */
export function versionsAfter(db: Database.Database, after: string, limit: number): [string, string][] {
  return db
    .prepare('SELECT id, updated_at FROM stories WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?')
    .raw()
    .all(after, limit) as [string, string][]
}

/** The live stories and their versions, as the library holds them now. */
export function currentVersions(db: Database.Database): Map<string, string> {
  return new Map(versionsAfter(db, '', -1))
}

/** One story as a build saw it: its version and its filter facts. */
export type CoveredStory = [version: string, meta: SearchMeta]

/** `covered` in chunks, for a snapshot. */
export function coveredChunks(entries: [string, CoveredStory][]): string[] {
  const chunks: string[] = []
  for (let i = 0; i < entries.length; i += COVERED_CHUNK)
    chunks.push(JSON.stringify(Object.fromEntries(entries.slice(i, i + COVERED_CHUNK))))
  return chunks
}

export function valueNamesKey(db: Database.Database): string {
  const rows = db.prepare('SELECT id, name FROM core_values ORDER BY id').all() as { id: string; name: string }[]
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex')
}

const blobsOf = (snapshot: IndexSnapshot) => [snapshot.dictionary, ...snapshot.shards]

/** Over the blobs, then the `covered` chunks, in order (as `readSnapshot` hashes them). */
function checksumOf(snapshot: IndexSnapshot): string {
  const hash = createHash('sha256')
  for (const part of [...blobsOf(snapshot), ...snapshot.covered]) hash.update(part)
  return hash.digest('hex')
}

/**
 * Saves a build beside the one in use, a blob per transaction so that a story saved meanwhile waits
 * for one blob at most, then switches to it in one small transaction and frees the old rows. A crash
 * part-way leaves the old index in use; its leftovers are freed by the next save.
 */
export function saveSnapshot(db: Database.Database, snapshot: IndexSnapshot): void {
  const { next } = db.prepare('SELECT coalesce(max(shard), -1) + 1 AS next FROM search_shards').get() as { next: number }
  const insert = db.prepare('INSERT INTO search_shards (shard, data) VALUES (?, ?)')
  const blobs = blobsOf(snapshot)
  blobs.forEach((data, i) =>
    db.transaction(() => insert.run(next + i, Buffer.from(data.buffer, data.byteOffset, data.byteLength))).immediate(),
  )
  const state: SavedState = {
    format: INDEX_FORMAT,
    checksum: checksumOf(snapshot),
    first: next,
    shards: snapshot.shards.length,
    coveredChunks: snapshot.covered.length,
    valueNames: snapshot.valueNames,
  }
  const setState = db.prepare('INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)')
  db.transaction(() => {
    db.prepare("DELETE FROM search_state WHERE key LIKE 'covered/%'").run()
    snapshot.covered.forEach((chunk, i) => setState.run(`covered/${i}`, chunk))
    setState.run('index', JSON.stringify(state))
  }).immediate()
  const stale = db
    .prepare('SELECT shard FROM search_shards WHERE shard < ? OR shard >= ?')
    .pluck()
    .all(next, next + blobs.length)
  const drop = db.prepare('DELETE FROM search_shards WHERE shard = ?')
  for (const shard of stale) db.transaction(() => drop.run(shard)).immediate()
}

/**
 * Reads the saved index, one blob per `pause`, so that a big one does not hold up the thread. Null
 * when there is none, or it was built with other inputs or value names; throws SavedIndexError when it
 * is damaged (a checksum that does not match its blobs, a missing blob).
 */
export async function readSnapshot(db: Database.Database, pause: () => Promise<void> = async () => {}): Promise<IndexSnapshot | null> {
  const row = db.prepare("SELECT value FROM search_state WHERE key = 'index'").get() as { value: string } | undefined
  if (!row) return null
  let state: SavedState
  try {
    state = JSON.parse(row.value)
  } catch {
    throw new SavedIndexError('The saved search index has an unreadable header.')
  }
  if (state.format !== INDEX_FORMAT || state.valueNames !== valueNamesKey(db)) return null
  const blob = db.prepare('SELECT data FROM search_shards WHERE shard = ?').pluck()
  const chunk = db.prepare('SELECT value FROM search_state WHERE key = ?').pluck()
  // Hashed blob by blob, as it is read: hashing all of a big index at once would hold up the thread.
  const hash = createHash('sha256')
  const blobs: Uint8Array[] = []
  for (let i = 0; i <= state.shards; i++) {
    const data = blob.get(state.first + i) as Buffer | undefined
    if (!data) throw new SavedIndexError(`Blob ${i} of the saved search index is missing.`)
    hash.update(data)
    blobs.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    await pause()
  }
  const covered: string[] = []
  for (let i = 0; i < state.coveredChunks; i++) {
    const text = chunk.get(`covered/${i}`) as string | undefined
    if (text === undefined) throw new SavedIndexError(`Part ${i} of the saved search index's story list is missing.`)
    hash.update(text)
    covered.push(text)
  }
  const snapshot: IndexSnapshot = {
    dictionary: blobs[0],
    shards: blobs.slice(1),
    covered,
    valueNames: state.valueNames,
  }
  if (hash.digest('hex') !== state.checksum) throw new SavedIndexError('The saved search index does not match its checksum.')
  return snapshot
}

/** A build's blobs, for a snapshot. */
export function toBlobs(built: BuiltIndex): Pick<IndexSnapshot, 'dictionary' | 'shards'> {
  return { dictionary: serializeDictionary(built.dictionary), shards: built.shards.map(serialize) }
}

/**
 * A snapshot's blobs as a build, one blob per `pause`. Throws SavedIndexError when a blob cannot
 * be read (damaged, or written by a build this one does not understand).
 */
export async function fromBlobs(snapshot: IndexSnapshot, pause: () => Promise<void> = async () => {}): Promise<BuiltIndex> {
  const readable = <T>(read: () => T, what: string): T => {
    try {
      return read()
    } catch (err) {
      throw new SavedIndexError(`The search index's ${what} cannot be read: ${String(err)}`)
    }
  }
  await pause()
  const dictionary = readable(() => deserializeDictionary(snapshot.dictionary), 'dictionary')
  const shards = []
  for (const [i, blob] of snapshot.shards.entries()) {
    await pause()
    shards.push(readable(() => deserialize(blob), `shard ${i}`))
  }
  return { dictionary, shards }
}

/** Reads one chunk of `covered` into the build's versions and filter facts. */
export function readCovered(chunk: string, versions: Map<string, string>, meta: Map<string, SearchMeta>): void {
  for (const [id, [version, facts]] of Object.entries(JSON.parse(chunk) as Record<string, CoveredStory>)) {
    versions.set(id, version)
    meta.set(id, facts)
  }
}
