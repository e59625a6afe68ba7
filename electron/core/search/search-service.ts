import type Database from 'better-sqlite3'
import type { ChangeEvent } from '../api'
import type { ChangeFeed } from '../library/change-feed'
import { snapshotLibrary } from './index-snapshot'
import { currentVersions, fromSnapshotShard, readSnapshot, saveSnapshot, valueNamesKey, type IndexSnapshot } from './saved-index'
import { containsPhrase, DELTA_LIMIT, SearchEngine, type SearchFilters } from './search-engine'
import { englishHint } from './search-query'
import { searchText } from './search-document'
import { allMeta, phraseTexts, sourceOf } from './search-sources'
import type { SearchResponse, SearchResult, SimilarStory } from './search-types'
import { highlightAll, snippet } from './snippet'
import { silentLogger, type Logger } from '../logger'

/** Produces a full build of the library; in the app a worker thread does it. */
export type Rebuild = () => Promise<IndexSnapshot>

/**
 * Keeps the search index in step with the library: every story change is applied as it is
 * committed, so a saved story is findable before the save call even returns. Full builds happen in
 * the background and are saved in the library, so the next start only loads them.
 */
export class SearchService {
  readonly engine = new SearchEngine()
  private unsubscribe: () => void = () => {}
  private stopped = false
  private rebuilding: Promise<void> | null = null
  private rebuildAgain = false
  /** Stories changed while a batch runs: indexed together when it ends. */
  private held: Set<string> | null = null
  /** Settles when the saved index is loaded (or a first build is done). */
  ready: Promise<void> = Promise.resolve()

  constructor(
    private db: Database.Database,
    private changes: ChangeFeed,
    private rebuild: Rebuild = async () => {
      // In-process fallback (tests, and the command line): yield first so callers are not blocked.
      await new Promise((r) => setImmediate(r))
      return snapshotLibrary(this.db)
    },
    private log: Logger = silentLogger,
  ) {}

  start(): void {
    this.unsubscribe = this.changes.subscribe((event) => this.onChange(event))
    this.ready = this.loadSaved().catch((err) => this.log.warn({ err }, 'The saved search index could not be loaded; it is rebuilt'))
  }

  stop(): void {
    this.stopped = true
    this.unsubscribe()
  }

  /** Settles once no background build is running or queued. */
  async idle(): Promise<void> {
    await this.ready
    while (this.rebuilding) await this.rebuilding
  }

  private async loadSaved(): Promise<void> {
    const saved = readSnapshot(this.db)
    if (!saved || saved.valueNames !== valueNamesKey(this.db)) return this.scheduleRebuild()
    await this.adopt(saved)
  }

  /**
   * Loads a full build, one shard per turn of the event loop so nothing waits long behind it, then
   * replays what changed in the library since the build read it.
   */
  private async adopt(snapshot: IndexSnapshot): Promise<void> {
    const shards = []
    for (const data of snapshot.shards) {
      shards.push(fromSnapshotShard(data))
      await new Promise((r) => setImmediate(r))
      if (this.stopped) return
    }
    this.engine.load({ shards, documentCount: snapshot.documentCount, averageFieldLength: snapshot.averageFieldLength }, allMeta(this.db))
    this.catchUp(snapshot.covered)
  }

  private catchUp(covered: Record<string, string>): void {
    const now = currentVersions(this.db)
    const changed = Object.keys(now).filter((id) => covered[id] !== now[id])
    const gone = Object.keys(covered).filter((id) => !(id in now))
    this.apply(changed, gone)
    if (this.engine.needsRebuild) void this.scheduleRebuild()
  }

  private apply(ids: string[], removals: string[] = []): void {
    const upserts = []
    for (const id of ids) {
      const source = sourceOf(this.db, id)
      if (source) upserts.push(source)
      else removals.push(id)
    }
    this.engine.replay({ upserts, removals })
  }

  /** One background build at a time; a request during a build runs once more afterwards. */
  scheduleRebuild(): Promise<void> {
    if (this.rebuilding) {
      this.rebuildAgain = true
      return this.rebuilding
    }
    this.rebuilding = (async () => {
      do {
        this.rebuildAgain = false
        try {
          const snapshot = await this.rebuild()
          if (this.stopped) return
          await this.adopt(snapshot)
          if (this.stopped) return
          saveSnapshot(this.db, snapshot)
        } catch (err) {
          // Search keeps working on what is loaded; the next change or start tries again.
          if (!this.stopped) this.log.error({ err }, 'Rebuilding the search index failed')
        }
      } while (this.rebuildAgain && !this.stopped)
    })().finally(() => {
      this.rebuilding = null
    })
    return this.rebuilding
  }

  /** A full build right now, on this thread: for tests and tools. */
  rebuildNow(): void {
    const snapshot = snapshotLibrary(this.db)
    this.engine.load(
      {
        shards: snapshot.shards.map(fromSnapshotShard),
        documentCount: snapshot.documentCount,
        averageFieldLength: snapshot.averageFieldLength,
      },
      allMeta(this.db),
    )
    this.catchUp(snapshot.covered)
    saveSnapshot(this.db, snapshot)
  }

  /**
   * Runs `write` (many story writes, e.g. seeding the demo) and indexes the stories it changed in one
   * delta build when it ends, rather than one build per story, each bigger than the last.
   */
  batch<T>(write: () => T): T {
    if (this.held) return write()
    const held = (this.held = new Set())
    try {
      return write()
    } finally {
      this.held = null
      // Re-read from the library, so stories a failed write rolled back are indexed as they are.
      if (held.size) this.onChange({ topic: 'stories', ids: [...held] })
    }
  }

  private onChange(event: ChangeEvent): void {
    if (event.topic !== 'stories' && event.topic !== 'values') return
    if (this.held && event.topic === 'stories' && event.ids) {
      for (const id of event.ids) this.held.add(id)
      return
    }
    // A renamed value changes the text of every story that carries it: build afresh, meanwhile
    // the old names still find the stories.
    // A big import is cheaper to index in one background build than story by story.
    if (event.topic === 'values' || !event.ids || event.ids.length > DELTA_LIMIT) {
      void this.scheduleRebuild()
      return
    }
    this.apply(event.ids)
    if (this.engine.needsRebuild) void this.scheduleRebuild()
  }

  search(text: string, filters: SearchFilters, offset: number, limit: number): SearchResponse {
    const textOf = phraseTexts(this.db)
    const phraseCheck = (id: string, phrase: string[]) => {
      const text = textOf(id)
      return text !== null && containsPhrase(text, phrase)
    }
    const result = this.engine.search(text, filters, phraseCheck)
    const terms = new Set(result.terms)
    const results: SearchResult[] = []
    // Highlighting re-reads the texts of this page only.
    for (const hit of result.hits.slice(offset, offset + limit)) {
      const story = sourceOf(this.db, hit.id)
      if (!story) continue
      results.push({
        id: story.id,
        title: highlightAll(story.title, story.language, terms),
        snippet: snippet(searchText(story, 'body'), story.language, terms),
        author: story.author,
        team: story.team,
        happenedOn: story.happenedOn,
        status: story.status,
        primaryValueId: story.primaryValueId,
        language: story.language,
        valueIds: story.valueIds,
      })
    }
    return { results, total: result.total, hints: result.hints, hint: englishHint(result.hints) }
  }

  similar(id: string, limit: number): SimilarStory[] {
    const source = sourceOf(this.db, id)
    if (!source) return []
    return this.engine.similar(source, limit).flatMap((m) => {
      const other = sourceOf(this.db, m.id)
      return other ? [{ id: m.id, title: other.title, similarity: Math.round(m.similarity * 100) / 100, status: other.status }] : []
    })
  }
}
