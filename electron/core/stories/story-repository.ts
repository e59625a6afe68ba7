import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { CultureError, fieldIssue, problem } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import { preparedOnce } from '../library/prepared-once'
import type { ValueRepository } from '../values/value-repository'
import {
  STORY_STATUSES,
  type ReviewNote,
  type RevisionReason,
  type StatusChanges,
  type Story,
  type StoryFacets,
  type StoryPage,
  type StoryStatus,
  type StorySummary,
} from './story'
import { inputOf, STORY_FIELD_LIST, type StoryContent, type StoryFieldName, type StoryFields } from './story-fields'
import type { StoryQuery } from './story-input'
import { scopeParams, scopeSql, type StoryScope } from '../accounts/story-scope'
import { NAME_MATCHES_SQL, registerNameMatches } from '../name-match'
import { detectLanguage } from '../search/text-analysis'
import { EXCERPT_SOURCE_CHARS, plainExcerpt } from './story-excerpt'
import { StoryLineage } from './story-lineage'
import { StoryRevisions } from './story-revisions'
import { fromRow, storyColumns, toColumn, WRITTEN } from './story-row'

/** A row of `SELECT s.*, VALUE_IDS`: the registry's columns and these. */
interface StoryRow extends Record<string, unknown> {
  id: string
  body: string
  created_at: string
  updated_at: string
  deleted_at: string | null
  value_ids: string
}

// Primary value first, then the rest in core-value order: that is how chips and chapters read.
const VALUE_IDS = `(
  SELECT group_concat(value_id, ',') FROM (
    SELECT sv.value_id FROM story_values sv JOIN core_values v ON v.id = sv.value_id
    WHERE sv.story_id = s.id
    ORDER BY sv.value_id = s.primary_value_id DESC, v.position
  )
) AS value_ids`

/** A story from its row; with `names`, only those fields (a list row). */
function toStory(r: StoryRow, names?: readonly StoryFieldName[]): Story {
  return {
    id: r.id,
    ...(fromRow(r, names) as StoryContent),
    valueIds: r.value_ids ? r.value_ids.split(',') : [],
    excerpt: plainExcerpt(r.body),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  }
}

/** Fields a list row holds: all but the long texts. */
const LISTED = STORY_FIELD_LIST.filter((f) => f.list).map((f) => f.name)
/** A list row's columns: the listed fields and only the start of the body, which its excerpt needs. */
const LIST_COLUMNS = `s.id, ${storyColumns(LISTED)}, substr(s.body, 1, ${EXCERPT_SOURCE_CHARS}) AS body,
  s.created_at, s.updated_at, s.deleted_at, ${VALUE_IDS}`

const toSummary = (r: StoryRow): StorySummary => toStory(r, LISTED)

/** Timestamps that sort correctly as text and stay unique across quick successive saves. */
function nowIso(previous?: string): string {
  const now = new Date().toISOString()
  if (previous && now <= previous) return new Date(Date.parse(previous) + 1).toISOString()
  return now
}

export class StoryRepository {
  readonly revisions: StoryRevisions
  readonly lineage: StoryLineage

  constructor(
    private db: Database.Database,
    private values: ValueRepository,
    private changes: ChangeFeed,
  ) {
    this.revisions = new StoryRevisions(db)
    this.lineage = new StoryLineage(db)
    registerNameMatches(db)
  }

  get(id: string): Story {
    const row = preparedOnce(this.db, `SELECT s.*, ${VALUE_IDS} FROM stories s WHERE s.id = ?`).get(id) as StoryRow | undefined
    if (!row) throw new CultureError('story.notFound')
    return toStory(row)
  }

  /** `scope`: what a team server's caller may see (null: every story). */
  list(query: StoryQuery, scope: StoryScope | null = null): StoryPage {
    const where: string[] = [query.trashed ? 's.deleted_at IS NOT NULL' : 's.deleted_at IS NULL']
    const params: Record<string, unknown> = scopeParams(scope)
    if (query.status) {
      where.push('s.status = @status')
      params.status = query.status
    }
    if (query.valueId) {
      where.push('EXISTS (SELECT 1 FROM story_values f WHERE f.story_id = s.id AND f.value_id = @valueId)')
      params.valueId = query.valueId
    }
    if (query.year !== undefined) {
      where.push('substr(s.happened_on, 1, 4) = @year')
      params.year = String(query.year).padStart(4, '0')
    }
    if (query.team !== undefined) {
      where.push(`${NAME_MATCHES_SQL}(s.team, @team)`)
      params.team = query.team
    }
    const order = {
      newest: 's.happened_on DESC, s.created_at DESC',
      oldest: 's.happened_on ASC, s.created_at ASC',
      title: 's.title COLLATE NOCASE ASC, s.happened_on DESC',
    }[query.sort]
    const clause = where.join(' AND ')
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM stories s WHERE ${clause} AND ${scopeSql(scope)}`).get(params) as {
      total: number
    }
    // The page's ids first, then their rows: sorting only ids and sort keys, rather than every matching
    // story with its body and value tags, is what keeps a page of a big library cheap (a team server's list).
    const ids = this.db
      .prepare(`SELECT s.id FROM stories s WHERE ${clause} AND ${scopeSql(scope, true)} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ ...params, limit: query.limit, offset: query.offset }) as string[]
    const rows = preparedOnce(this.db, `SELECT ${LIST_COLUMNS} FROM stories s WHERE s.id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as StoryRow[]
    const byId = new Map(rows.map((r) => [r.id, r]))
    return { items: ids.map((id) => toSummary(byId.get(id)!)), total }
  }

  /** Counts and names of the stories `scope` lets the caller see (null: every story). */
  facets(scope: StoryScope | null = null): StoryFacets {
    const seen = scopeSql(scope)
    const params = scopeParams(scope)
    const years = (
      this.db
        .prepare(
          `SELECT DISTINCT CAST(substr(s.happened_on, 1, 4) AS INTEGER) AS y FROM stories s
           WHERE s.deleted_at IS NULL AND ${seen} ORDER BY y DESC`,
        )
        .all(params) as { y: number }[]
    ).map((r) => r.y)
    // The names the team and author filters suggest.
    const namesOf = (column: 'team' | 'author') =>
      (
        this.db
          .prepare(
            `SELECT DISTINCT s.${column} AS name FROM stories s
             WHERE s.deleted_at IS NULL AND s.${column} <> '' AND ${seen} ORDER BY s.${column} COLLATE NOCASE`,
          )
          .all(params) as { name: string }[]
      ).map((r) => r.name)
    const teams = namesOf('team')
    const authors = namesOf('author')
    const statusCounts = Object.fromEntries(STORY_STATUSES.map((s) => [s, 0])) as Record<StoryStatus, number>
    const counts = this.db
      .prepare(`SELECT s.status, count(*) AS n FROM stories s WHERE s.deleted_at IS NULL AND ${seen} GROUP BY s.status`)
      .all(params) as { status: StoryStatus; n: number }[]
    for (const r of counts) statusCounts[r.status] = r.n
    const { n: trashCount } = this.db
      .prepare(`SELECT count(*) AS n FROM stories s WHERE s.deleted_at IS NOT NULL AND ${seen}`)
      .get(params) as { n: number }
    return { years, teams, authors, statusCounts, trashCount }
  }

  private writeValues(id: string, fields: StoryFields): void {
    preparedOnce(this.db, 'DELETE FROM story_values WHERE story_id = ?').run(id)
    const insert = preparedOnce(this.db, 'INSERT INTO story_values (story_id, value_id) VALUES (?, ?)')
    for (const valueId of fields.valueIds) insert.run(id, valueId)
  }

  /** `createdAt` may be given when a story arrives from elsewhere (the demo library, later imports). */
  create(fields: StoryFields, status: StoryStatus, createdAt?: string): Story {
    const id = randomUUID()
    const now = createdAt ?? nowIso()
    this.db
      .transaction(() => {
        // Before the insert, so an unknown value is named to the user rather than failing a foreign key.
        this.values.assertExist(fields.valueIds, 'valueIds')
        this.insertRow(id, fields, status, now, now, randomUUID())
      })
      .immediate()
    this.changes.publish('stories', [id])
    return this.get(id)
  }

  update(id: string, fields: StoryFields, options: { baseUpdatedAt?: string; submit?: boolean; reason?: RevisionReason } = {}): Story {
    this.db
      .transaction(() => {
        const current = this.get(id)
        if (current.deletedAt) {
          throw new CultureError('story.inTrashEdit')
        }
        if (options.baseUpdatedAt && options.baseUpdatedAt !== current.updatedAt) {
          // On a team server the conflict names the person who saved in between.
          const name = this.revisions.lastEditorBesides(id, this.revisions.actingUser)
          throw name ? new CultureError('story.editedMeanwhileBy', { name }) : new CultureError('story.editedMeanwhile')
        }
        this.values.assertExist(fields.valueIds, 'valueIds')
        this.revisions.keep(current, options.reason ?? 'edit')
        const status = options.submit && current.status === 'draft' ? 'submitted' : current.status
        this.updateRow(id, fields, status, nowIso(current.updatedAt), randomUUID())
      })
      .immediate()
    this.changes.publish('stories', [id])
    return this.get(id)
  }

  setStatus(id: string, status: StoryStatus, review: ReviewNote = {}): Story {
    return this.touch(id, 'status', (current) => this.statusChange(current, status), review)
  }

  /**
   * Sets the status of several stories in one transaction. A story that cannot change (gone, in the
   * trash) is refused with its reason and the others still change; none is ever half-written.
   */
  setStatusMany(ids: string[], status: StoryStatus, review: ReviewNote = {}): StatusChanges {
    const result: StatusChanges = { changed: [], refused: [] }
    this.db
      .transaction(() => {
        // Each story in a savepoint of its own, so a refusal takes back nothing but that story.
        const one = this.db.transaction((current: Story) => this.touchInside(current, 'status', this.statusChange(current, status), review))
        for (const id of new Set(ids)) {
          let current: Story | null = null
          try {
            current = this.get(id)
            one(current)
            result.changed.push({ id, title: current.title, from: current.status })
          } catch (err) {
            // Only refusals meant for a person are reported per story; anything else undoes the whole change.
            if (!(err instanceof CultureError)) throw err
            result.refused.push({ id, title: current?.title ?? null, ...problem(err.code, err.params) })
          }
        }
      })
      .immediate()
    this.changes.publish(
      'stories',
      result.changed.map((c) => c.id),
      true,
    )
    return result
  }

  private statusChange(current: Story, status: StoryStatus) {
    if (current.deletedAt) throw new CultureError('story.inTrash')
    return { status }
  }

  trash(id: string): Story {
    return this.touch(id, 'trash', (current) => ({ deleted_at: current.deletedAt ?? nowIso() }))
  }

  restore(id: string): Story {
    return this.touch(id, 'restore', () => ({ deleted_at: null }))
  }

  /**
   * Writes a story that arrives from another library with its own id, status, timestamps and
   * revision (so the two libraries can tell later which side changed). Runs inside the caller's
   * transaction; the caller publishes the change once the whole import is in.
   */
  putFromElsewhere(
    id: string,
    fields: StoryFields,
    meta: { status: StoryStatus; createdAt: string; updatedAt: string; revisionId: string },
  ): void {
    this.values.assertExist(fields.valueIds, 'valueIds')
    const existing = preparedOnce(this.db, `SELECT s.*, ${VALUE_IDS} FROM stories s WHERE s.id = ?`).get(id) as StoryRow | undefined
    if (existing) {
      this.revisions.keep(toStory(existing), 'import')
      this.updateRow(id, fields, meta.status, meta.updatedAt, meta.revisionId)
    } else {
      this.insertRow(id, fields, meta.status, meta.createdAt, meta.updatedAt, meta.revisionId)
    }
  }

  /**
   * The one INSERT of a story and its value tags; callers hold the transaction. Its author is whoever
   * the call acts for (a team server's signed-in person, or the curator whose import writes it); null without one.
   */
  private insertRow(id: string, fields: StoryFields, status: StoryStatus, createdAt: string, updatedAt: string, revisionId: string): void {
    preparedOnce(
      this.db,
      `INSERT INTO stories (id, ${WRITTEN.map((f) => f.column).join(', ')}, status, created_at, updated_at, created_by)
         VALUES (@id, ${WRITTEN.map((f) => `@${f.name}`).join(', ')}, @status, @createdAt, @updatedAt, @createdBy)`,
    ).run({ ...this.columns(fields), id, status, createdAt, updatedAt, createdBy: this.revisions.actingUser })
    this.writeValues(id, fields)
    this.lineage.advance(id, revisionId)
  }

  /** The one UPDATE of a story's fields and value tags; callers hold the transaction. */
  private updateRow(id: string, fields: StoryFields, status: StoryStatus, updatedAt: string, revisionId: string): void {
    preparedOnce(
      this.db,
      `UPDATE stories SET ${WRITTEN.map((f) => `${f.column} = @${f.name}`).join(', ')},
           status = @status, updated_at = @updatedAt
         WHERE id = @id`,
    ).run({ ...this.columns(fields), id, status, updatedAt })
    this.writeValues(id, fields)
    this.lineage.advance(id, revisionId)
  }

  /** Announces stories written by putFromElsewhere, after their transaction committed. */
  announce(ids: string[]): void {
    if (ids.length) this.changes.publish('stories', ids)
  }

  /** Puts a story back as it was in an earlier version; the current one becomes a version too. */
  revert(id: string, revisionId: string): Story {
    const revision = this.revisions.get(revisionId)
    if (!revision || revision.storyId !== id) throw new CultureError('story.revisionNotFound')
    const s = revision.snapshot
    const known = new Set(this.values.list().map((v) => v.id))
    const missing = s.valueIds.filter((v) => !known.has(v))
    if (missing.length) {
      throw new CultureError('story.revisionValueGone')
    }
    return this.update(id, inputOf(s), { reason: 'revert' })
  }

  /**
   * Deletes the value `from` after tagging every story that has it (trashed ones too) with `to` instead,
   * its primary value included; each story keeps its previous version as an edit. One transaction, so
   * a value is never gone with stories still pointing at it, nor a story moved without the delete.
   */
  moveValueAndDelete(from: string, to: string): { deleted: true; moved: number; undoToken: string } {
    const { ids, undoToken } = this.db
      .transaction(() => {
        this.values.get(from)
        if (from === to) throw new CultureError('value.moveToSelf', {}, [fieldIssue('moveTo', 'value.moveToSelf')])
        this.values.assertExist([to], 'moveTo')
        const tagged = this.db.prepare('SELECT story_id AS id FROM story_values WHERE value_id = ?').all(from) as { id: string }[]
        const moved = tagged.map(({ id }) => {
          const { valueIds, primaryValueId } = this.get(id)
          const updatedAt = this.retag(
            id,
            [...new Set(valueIds.map((v) => (v === from ? to : v)))],
            primaryValueId === from ? to : primaryValueId,
          )
          // What the undo puts back, and the version it expects to find.
          return { id, valueIds, primaryValueId, updatedAt }
        })
        return { ids: tagged.map((t) => t.id), undoToken: this.values.delete(from, moved).undoToken }
      })
      .immediate()
    this.changes.publish('stories', ids)
    return { deleted: true, moved: ids.length, undoToken }
  }

  /**
   * Gives a story (trashed or not) these value tags and primary value, keeping its previous version as
   * an edit; returns the new version's `updatedAt`. Callers hold the transaction and announce the change.
   */
  retag(id: string, valueIds: string[], primaryValueId: string): string {
    const current = this.get(id)
    const updatedAt = nowIso(current.updatedAt)
    this.revisions.keep(current, 'edit')
    this.updateRow(id, { ...inputOf(current), valueIds, primaryValueId }, current.status, updatedAt, randomUUID())
    return updatedAt
  }

  emptyTrash(): number {
    const ids = this.db
      .transaction(() => {
        const gone = (this.db.prepare('SELECT id FROM stories WHERE deleted_at IS NOT NULL').all() as { id: string }[]).map((r) => r.id)
        // The last version stays findable until the next backup rotation has it.
        for (const id of gone) this.revisions.keep(this.get(id), 'deleted')
        this.db.prepare('DELETE FROM stories WHERE deleted_at IS NOT NULL').run()
        this.lineage.forget(gone)
        return gone
      })
      .immediate()
    this.changes.publish('stories', ids)
    return ids.length
  }

  /** One-column state changes share the same read-check-write transaction; each is a new revision. */
  private touch(id: string, reason: RevisionReason, change: (current: Story) => Record<string, unknown>, review?: ReviewNote): Story {
    this.db
      .transaction(() => {
        const current = this.get(id)
        this.touchInside(current, reason, change(current), review)
      })
      .immediate()
    this.changes.publish('stories', [id], reason === 'status')
    return this.get(id)
  }

  /** Keeps the current version and writes `set` over it; callers hold the transaction. */
  private touchInside(current: Story, reason: RevisionReason, set: Record<string, unknown>, review?: ReviewNote): void {
    this.revisions.keep(current, reason, review)
    const assignments = Object.keys(set).map((k) => `${k} = @${k}`)
    preparedOnce(this.db, `UPDATE stories SET ${assignments.join(', ')}, updated_at = @now WHERE id = @id`).run({
      ...set,
      id: current.id,
      now: nowIso(current.updatedAt),
    })
    this.lineage.advance(current.id)
  }

  /** The parameters of the INSERT and UPDATE; a story saved without a language gets the one its text is in. */
  private columns(f: StoryFields) {
    const fields = { ...f, language: f.language ?? detectLanguage(`${f.title}\n${f.body}`) }
    return Object.fromEntries(WRITTEN.map((field) => [field.name, toColumn(field, fields[field.name as keyof StoryFields])]))
  }
}
