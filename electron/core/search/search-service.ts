import type Database from 'better-sqlite3'
import type { ChangeEvent } from '../api'
import type { ChangeFeed } from '../library/change-feed'
import { buildAndSave } from './index-snapshot'
import { fromBlobs, readCovered, readSnapshot, versionsAfter, type IndexSnapshot } from './saved-index'
import { containsPhrase, DELTA_LIMIT, SearchEngine, type SearchFilters } from './search-engine'
import { englishHint } from './search-query'
import { searchText, type SearchMeta } from './search-document'
import { phraseTexts, sourceOf } from './search-sources'
import type { SearchHint, SearchResponse, SearchResult, SimilarStory } from './search-types'
import { highlightAll, snippet } from './snippet'
import { silentLogger, type Logger } from '../logger'
import { nextTurn, SLICE_MS } from '../exchange/slices'
import type { SearchScope } from '../accounts/story-scope'

/** A full build, and why it could not be saved (a full disk), if so: it is used all the same. */
export interface RebuildResult {
  snapshot: IndexSnapshot
  saveError?: string
}

/** Produces a full build of the library and saves it there; in the app a worker thread does both. */
export type Rebuild = () => Promise<RebuildResult>

/** Stories read from the library per step while a build is taken into use. */
const SLICE = 500

/**
 * A pause for work done in steps: it gives the event loop a turn once a slice has run SLICE_MS, so
 * small steps share a turn and a big library loads in few turns, none of them long.
 */
function paced(): () => Promise<void> {
  let sliceStart = performance.now()
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return
    await nextTurn()
    sliceStart = performance.now()
  }
}

/**
 * Keeps the search index in step with the library: every story change is applied as it is
 * committed, so a saved story is findable before the save call even returns. Full builds happen in
 * the background and are saved in the library, so the next start only loads them. Loading works in
 * slices, so the thread answers other calls meanwhile.
 */
export class SearchService {
  readonly engine = new SearchEngine()
  private unsubscribe: () => void = () => {}
  private stopped = false
  private rebuilding: Promise<void> | null = null
  private rebuildAgain = false
  /** Whether a full build is in the engine; until then search answers from the recent edits only. */
  private loaded = false
  /** While the first build runs: the stories it will bring, which cannot be found until then. */
  private waiting = new Set<string>()
  /** Stories changed while a build is being taken into use. */
  private touched: Set<string> | null = null
  /** Stories changed while a batch runs, and those of them whose text changed: indexed together when it ends. */
  private held: { ids: Set<string>; texts: Set<string> } | null = null
  /** Settles when the saved index is loaded, or found missing or unusable (a build then runs). */
  ready: Promise<void> = Promise.resolve()

  constructor(
    private db: Database.Database,
    private changes: ChangeFeed,
    private rebuild: Rebuild = async () => {
      // In-process fallback (tests, and the command line): yield first so callers are not blocked.
      await nextTurn()
      return buildAndSave(this.db)
    },
    private log: Logger = silentLogger,
  ) {}

  start(): void {
    this.unsubscribe = this.changes.subscribe((event) => this.onChange(event))
    this.ready = this.loadSaved()
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

  /**
   * Loads the saved index. When there is none, or it cannot be used (damaged, or built with other
   * inputs), a build runs in the background; a small library is meanwhile searched through the delta.
   */
  private async loadSaved(): Promise<void> {
    // Not within openCore: the library's other start-up work goes first.
    await nextTurn()
    const pause = paced()
    try {
      const saved = await readSnapshot(this.db, pause)
      if (saved && !this.stopped) return await this.adopt(saved)
    } catch (err) {
      if (this.stopped) return
      this.log.warn({ err }, 'The saved search index could not be loaded; it is rebuilt')
    }
    // Counted in slices (one count over 50,000 stories holds the thread for 160 ms), for the `indexing` hint.
    const ids: string[] = []
    for (let after = ''; !this.stopped; await pause()) {
      const slice = versionsAfter(this.db, after, SLICE)
      if (slice.length === 0) break
      for (const [id] of slice) ids.push(id)
      after = slice.at(-1)![0]
    }
    if (this.stopped) return
    this.waiting = new Set(ids)
    if (ids.length <= DELTA_LIMIT) this.apply(ids)
    void this.scheduleRebuild()
  }

  /**
   * Takes a full build into use without holding the thread for long, a few steps per turn of the
   * event loop: its blobs, its stories' versions and filter facts, then the library's versions, to
   * replay what changed since the build read it.
   */
  private async adopt(snapshot: IndexSnapshot): Promise<void> {
    const pause = paced()
    // Stories changed from here on may be missed by the comparison below: replayed after the swap.
    const touched = (this.touched = new Set())
    try {
      const built = await fromBlobs(snapshot, pause)
      const versions = new Map<string, string>()
      const meta = new Map<string, SearchMeta>()
      for (const chunk of snapshot.covered) {
        readCovered(chunk, versions, meta)
        await pause()
      }
      const changed: string[] = []
      for (let after = ''; !this.stopped; await pause()) {
        const slice = versionsAfter(this.db, after, SLICE)
        if (slice.length === 0) break
        compareVersions(versions, slice, changed)
        after = slice.at(-1)![0]
      }
      // What stays in `versions` is gone from the library: without filter facts, no search shows it.
      for (const id of versions.keys()) meta.delete(id)
      if (this.stopped || !(await this.engine.loadGradually(built, meta, pause)) || this.stopped) return
      this.loaded = true
      this.waiting.clear()
      this.catchUp([...new Set([...changed, ...touched])], [...versions.keys()])
    } finally {
      this.touched = null
    }
  }

  /** Applies what changed since the build: stories edited or added, and stories gone. */
  private catchUp(changed: string[], gone: string[]): void {
    if (changed.length + gone.length <= DELTA_LIMIT) this.apply(changed, gone)
    // Too many to index here: a full build runs, and the build in use answers meanwhile.
    else void this.scheduleRebuild()
    if (this.engine.needsRebuild) void this.scheduleRebuild()
  }

  private apply(ids: string[], removals: string[] = []): void {
    const upserts = []
    // Indexed or gone from now on: no longer waiting for the first build.
    for (const id of [...ids, ...removals]) this.waiting.delete(id)
    for (const id of ids) {
      const source = sourceOf(this.db, id)
      if (source) upserts.push(source)
      else removals.push(id)
    }
    this.engine.replay({ upserts, removals })
  }

  /** Gives an indexed story its current filter facts; false if the index does not hold it yet. */
  private refile(id: string): boolean {
    const source = sourceOf(this.db, id)
    return source !== null && this.engine.refile(source)
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
          const { snapshot, saveError } = await this.rebuild()
          this.logSaveError(saveError)
          if (this.stopped) return
          await this.adopt(snapshot)
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

  private logSaveError(saveError: string | undefined): void {
    if (saveError) this.log.error({ err: saveError }, 'The rebuilt search index could not be saved')
  }

  /** A full build right now, on this thread, saved: for tests and tools. */
  rebuildNow(): void {
    const { built, snapshot, saveError } = buildAndSave(this.db)
    this.logSaveError(saveError)
    const versions = new Map<string, string>()
    const meta = new Map<string, SearchMeta>()
    for (const chunk of snapshot.covered) readCovered(chunk, versions, meta)
    this.engine.load(built, meta)
    this.loaded = true
    this.waiting.clear()
    const changed: string[] = []
    compareVersions(versions, versionsAfter(this.db, '', -1), changed)
    this.catchUp(changed, [...versions.keys()])
  }

  /**
   * Runs `write` (many story writes, e.g. seeding the demo) and indexes the stories it changed in one
   * delta build when it ends, rather than one build per story, each bigger than the last.
   */
  batch<T>(write: () => T): T {
    if (this.held) return write()
    const held = (this.held = { ids: new Set(), texts: new Set() })
    try {
      return write()
    } finally {
      this.held = null
      // Re-read from the library, so stories a failed write rolled back are indexed as they are.
      const refiled = [...held.ids].filter((id) => !held.texts.has(id))
      if (held.texts.size) this.onChange({ topic: 'stories', ids: [...held.texts] })
      if (refiled.length) this.onChange({ topic: 'stories', ids: refiled, statusOnly: true })
    }
  }

  private onChange(event: ChangeEvent): void {
    if (event.topic !== 'stories' && event.topic !== 'values') return
    if (this.touched && event.ids) for (const id of event.ids) this.touched.add(id)
    if (this.held && event.topic === 'stories' && event.ids) {
      for (const id of event.ids) this.held.ids.add(id)
      if (!event.statusOnly) for (const id of event.ids) this.held.texts.add(id)
      return
    }
    // A status change (submit, approve) leaves the text as it was: only the filters' facts change, so it
    // costs no reindexing, nor a step toward the next full build (a team approves all day).
    const ids = event.statusOnly && event.ids ? event.ids.filter((id) => !this.refile(id)) : event.ids
    if (event.statusOnly && ids?.length === 0) return
    // A renamed value changes the text of every story that carries it: build afresh, meanwhile
    // the old names still find the stories.
    // A big import is cheaper to index in one background build than story by story.
    if (event.topic === 'values' || !ids || ids.length > DELTA_LIMIT) {
      void this.scheduleRebuild()
      return
    }
    this.apply(ids)
    // A build under way takes these edits in when it is adopted (catchUp, which asks for another build
    // only if the delta is still too big then): not a second full build queued behind it.
    if (this.engine.needsRebuild && !this.rebuilding) void this.scheduleRebuild()
  }

  /** `search` once the saved index is loaded: a search at start waits for it rather than finding nothing. */
  async query(text: string, filters: SearchFilters, offset: number, limit: number): Promise<SearchResponse> {
    await this.ready
    return this.search(text, filters, offset, limit)
  }

  /** Stories not searchable yet: until the first full build is in, only the recent edits are. */
  private unindexed(): number {
    return this.loaded ? 0 : this.waiting.size
  }

  search(text: string, filters: SearchFilters, offset: number, limit: number): SearchResponse {
    const textOf = phraseTexts(this.db)
    const phraseCheck = (id: string, phrase: string[]) => {
      const text = textOf(id)
      return text !== null && containsPhrase(text, phrase)
    }
    // Only the hits up to this page are put in order.
    const result = this.engine.search(text, filters, phraseCheck, offset + limit)
    const terms = new Set(result.terms)
    const results: SearchResult[] = []
    // Highlighting re-reads the texts of this page only.
    for (const hit of result.hits.slice(offset, offset + limit)) {
      const story = sourceOf(this.db, hit.id)
      if (!story) continue
      results.push({
        id: story.id,
        title: highlightAll(story.title, terms),
        snippet: snippet(searchText(story, 'body'), terms),
        author: story.author,
        team: story.team,
        happenedOn: story.happenedOn,
        status: story.status,
        primaryValueId: story.primaryValueId,
        language: story.language,
        valueIds: story.valueIds,
      })
    }
    const waiting = this.unindexed()
    const hints: SearchHint[] = waiting ? [...result.hints, { code: 'indexing', count: waiting }] : result.hints
    return { results, total: result.total, hints, hint: englishHint(hints) }
  }

  similar(id: string, limit: number, scope?: SearchScope): SimilarStory[] {
    const source = sourceOf(this.db, id)
    if (!source) return []
    return this.engine.similar(source, limit, scope).flatMap((m) => {
      const other = sourceOf(this.db, m.id)
      return other ? [{ id: m.id, title: other.title, similarity: Math.round(m.similarity * 100) / 100, status: other.status }] : []
    })
  }
}

/**
 * Adds to `changed` the stories of `now` (id, version) whose version is not the one the build saw,
 * and takes the stories it lists out of `covered`: what stays there once all of `now` is seen is gone.
 */
function compareVersions(covered: Map<string, string>, now: [string, string][], changed: string[]): void {
  for (const [id, version] of now) {
    if (covered.get(id) !== version) changed.push(id)
    covered.delete(id)
  }
}
