import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { writeFileAtomically } from '../book/atomic-file'
import { CultureError } from '../errors'
import { contentIssue, inputIssues } from '../input-issues'
import type { JobContext } from '../jobs/job-runner'
import { auditImport } from '../accounts/action-audit'
import { takeBackup, type BackupFile } from '../library/backups'
import type { Story } from '../stories/story'
import { inputOf, storyFields, type StoryFields } from '../stories/story-fields'
import { legacyRevisionId } from '../stories/story-lineage'
import type { StoryRepository } from '../stories/story-repository'
import type { CoreValue } from '../values/core-value'
import type { ValueRepository } from '../values/value-repository'
import { changeSize, classify, differingFields, fieldChanges, type Incoming } from './pack-classification'
import { zipPack } from './pack-file'
import {
  contentOf,
  PACK_FORMAT,
  PACK_VERSION,
  PACK_VERSION_WITHOUT_PHOTOS,
  packOutline,
  packStory,
  toPackStory,
  type PackStory,
  type StoryPack,
} from './pack-format'
import type { PackConflict, PackPreview, PackResult, PackUpdate, Resolution } from './pack-types'
import { parseJsonBytes } from './json-bytes'
import { runAtOnce, type Steps } from './slices'
import { checkStoredPhoto, photoId } from '../photos/photo-intake'
import { photoIdsIn } from '../photos/photo-references'
import type { PhotoRepository, StoredPhoto } from '../photos/photo-repository'

interface Classified {
  fresh: Incoming[]
  updated: Incoming[]
  conflicts: Map<string, Incoming>
  unchanged: number
  older: number
  /** What unchanged and older stories tell of their history: remembered on apply, nothing else. */
  known: { id: string; revisions: string[] }[]
  unknownSlugs: string[]
  /** The pack's photos by id, their bytes already found to hash to it. */
  photos: Map<string, Buffer>
}

/** A preview holds a whole pack in memory; only the newest few are kept (one per open dialog). */
const MAX_PREVIEWS = 2
/** How much of the updated stories' changed fields a preview shows (characters); the rest are listed by title. */
const UPDATE_DETAIL_BUDGET = 1_000_000

export class StoryPacks {
  private previews = new Map<string, Classified>()

  constructor(
    private db: Database.Database,
    libraryPath: string,
    private stories: StoryRepository,
    private values: ValueRepository,
    private photos: PhotoRepository,
    /** The backup before the stories are written: in the shell's worker thread when it lends one. */
    private backup: () => Promise<BackupFile> = () => takeBackup(db, libraryPath, 'before-import'),
  ) {}

  // Export ---------------------------------------------------------------------------------

  /** Writes the chosen stories (or everything new since the last pack) and remembers them as agreed. */
  exportPack(outPath: string, selection: { ids?: string[]; sinceLastPack?: boolean; zipped?: boolean }): { path: string; count: number } {
    const lastPack = (this.db.prepare("SELECT value FROM exchange_meta WHERE key = 'last_pack_at'").get() as { value: string } | undefined)
      ?.value
    const rows = (
      selection.ids
        ? selection.ids.map((id) => ({ id }))
        : (this.db
            .prepare('SELECT id FROM stories WHERE deleted_at IS NULL AND (? IS NULL OR updated_at > ?) ORDER BY happened_on')
            .all(selection.sinceLastPack ? (lastPack ?? null) : null, selection.sinceLastPack ? (lastPack ?? null) : null) as {
            id: string
          }[])
    ).map((r) => this.stories.get(r.id))
    if (rows.length === 0) throw new CultureError('pack.empty')
    const values = this.values.list()
    const slugOf = new Map(values.map((v) => [v.id, v.slug]))
    const used = new Set(rows.flatMap((s) => s.valueIds))
    // The photos the stories show travel with them; one this library lacks shows as its alt text there too.
    const photos = [...new Set(rows.flatMap((s) => photoIdsIn(s.body)))]
      .map((id) => this.photos.find(id))
      .filter((p) => p !== null)
      .map((p) => ({ id: p.id, mime: p.mime, base64: p.bytes.toString('base64') }))
    const pack: StoryPack = {
      format: PACK_FORMAT,
      version: photos.length ? PACK_VERSION : PACK_VERSION_WITHOUT_PHOTOS,
      exportedAt: new Date().toISOString(),
      values: values.filter((v) => used.has(v.id)).map((v) => ({ slug: v.slug, name: v.name, description: v.description, color: v.color })),
      stories: rows.map((s) => ({
        ...toPackStory(s, slugOf),
        revision: this.stories.lineage.current(s.id) ?? undefined,
        ancestors: this.stories.lineage.ancestors(s.id),
      })),
      ...(photos.length ? { photos } : {}),
    }
    const json = JSON.stringify(pack, null, 1)
    writeFileAtomically(outPath, selection.zipped ? zipPack(json) : json)
    this.db.transaction(() => {
      const agree = this.db.prepare('INSERT OR REPLACE INTO exchange_state (story_id, agreed_updated_at) VALUES (?, ?)')
      for (const s of rows) agree.run(s.id, s.updatedAt)
      this.db.prepare("INSERT OR REPLACE INTO exchange_meta (key, value) VALUES ('last_pack_at', ?)").run(pack.exportedAt)
    })()
    return { path: outPath, count: rows.length }
  }

  // Import ---------------------------------------------------------------------------------

  /**
   * Checks a pack's JSON against the format, naming the story and field at fault. The stories are
   * read and checked one at a time (pausing between them), in the order a check of the whole
   * would report its first problem: the pack's own fields, each story, then names it does not know.
   */
  private *parse(content: string | Uint8Array | object): Steps<StoryPack> {
    let raw: unknown = content
    if (typeof content === 'string' || content instanceof Uint8Array) {
      try {
        raw = yield* parseJsonBytes(typeof content === 'string' ? Buffer.from(content) : content)
      } catch {
        throw new CultureError('pack.incomplete')
      }
    }
    const version = (raw as { version?: unknown })?.version
    if (typeof version === 'number' && version > PACK_VERSION) {
      throw new CultureError('pack.newerVersion', { version: String(version), latest: String(PACK_VERSION) })
    }
    const outline = packOutline.safeParse(raw)
    const [first] = outline.error?.issues ?? []
    if (first && first.code !== 'unrecognized_keys') throw invalidPack(raw, first)
    const stories: PackStory[] = []
    const seen = new Set<string>()
    for (const [index, story] of (raw as { stories: unknown[] }).stories.entries()) {
      const parsed = packStory.safeParse(story)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw invalidPack(raw, { ...issue, path: ['stories', index, ...issue.path] })
      }
      stories.push(parsed.data)
      yield
    }
    if (first) throw invalidPack(raw, first)
    for (const s of stories) {
      if (seen.has(s.id)) throw new CultureError('pack.storyTwice', { id: s.id, title: s.title.slice(0, 60) })
      seen.add(s.id)
    }
    return { ...outline.data!, stories }
  }

  /** The pack's photos, each found to be the bytes its id names (a damaged or altered one refuses the pack). */
  private *photoBytes(pack: StoryPack): Steps<Map<string, Buffer>> {
    const photos = new Map<string, Buffer>()
    for (const p of pack.photos ?? []) {
      yield
      const bytes = Buffer.from(p.base64, 'base64')
      if (photoId(bytes) !== p.id) throw new CultureError('pack.photoDamaged', { id: p.id })
      photos.set(p.id, bytes)
    }
    return photos
  }

  /** Reads a pack and sorts its stories into new, updated, conflicting, unchanged and older. Writes nothing. */
  preview(content: string | object): PackPreview {
    return runAtOnce(this.previewSteps(content))
  }

  /** The same as steps, so a big pack can be read a slice at a time (pack JSON as bytes, text, or an object). */
  *previewSteps(content: string | Uint8Array | object): Steps<PackPreview> {
    const pack = yield* this.parse(content)
    const bySlug = new Map(this.values.list().map((v) => [v.slug, v]))
    const unknownSlugs = [...new Set(pack.stories.flatMap((s) => s.values))].filter((slug) => !bySlug.has(slug))
    const slugOf = new Map([...bySlug.values()].map((v) => [v.id, v.slug]))

    const photos = yield* this.photoBytes(pack)
    const c: Classified = { fresh: [], updated: [], conflicts: new Map(), unchanged: 0, older: 0, known: [], unknownSlugs, photos }
    const olderTitles: { id: string; title: string }[] = []
    const agreed = this.db.prepare('SELECT agreed_updated_at AS at FROM exchange_state WHERE story_id = ?')
    const exists = this.db.prepare('SELECT 1 FROM stories WHERE id = ?').pluck()
    const lineage = this.stories.lineage
    for (const story of pack.stories) {
      yield
      const theirs: Incoming = story.revision
        ? { story, revision: story.revision, ancestors: story.ancestors ?? [], legacy: false }
        : { story, revision: legacyRevisionId(story.id, story.updatedAt), ancestors: [], legacy: true }
      // A story new here is the common case in a big pack: asked cheaply, not by a failing get.
      const local: Story | null = exists.get(story.id) ? this.stories.get(story.id) : null
      if (!local) {
        c.fresh.push(theirs)
        continue
      }
      const verdict = classify(theirs, {
        story: toPackStory(local, slugOf),
        revision: lineage.current(local.id),
        passed: (revision) => lineage.has(local.id, revision),
        pastVersions: () => this.stories.revisions.list(local.id).map((r) => toPackStory(r.snapshot, slugOf)),
        agreedUpdatedAt: (agreed.get(local.id) as { at: string } | undefined)?.at,
      })
      if (verdict === 'updated') c.updated.push(theirs)
      else if (verdict === 'conflict') c.conflicts.set(story.id, theirs)
      else {
        c[verdict]++
        if (verdict === 'older') olderTitles.push({ id: story.id, title: story.title })
        c.known.push({ id: story.id, revisions: [...theirs.ancestors, theirs.revision] })
      }
    }
    const conflicts: PackConflict[] = []
    for (const { story: theirs } of c.conflicts.values()) {
      yield
      const mine = this.stories.get(theirs.id)
      conflicts.push({
        id: theirs.id,
        mine,
        theirs: this.asStory(theirs, bySlug),
        fields: differingFields(toPackStory(mine, slugOf), theirs),
      })
    }
    const updated: PackUpdate[] = []
    let budget = UPDATE_DETAIL_BUDGET
    for (const { story: theirs } of c.updated) {
      yield
      const update: PackUpdate = { id: theirs.id, title: theirs.title }
      if (budget > 0) {
        const mine = this.stories.get(theirs.id)
        const changes = fieldChanges(mine, this.asStory(theirs, bySlug), differingFields(toPackStory(mine, slugOf), theirs))
        budget -= changeSize(changes)
        if (budget >= 0) update.changes = changes
      }
      updated.push(update)
    }
    const previewId = randomUUID()
    this.previews.set(previewId, c)
    for (const id of this.previews.keys()) if (this.previews.size > MAX_PREVIEWS) this.previews.delete(id)
    return {
      previewId,
      fresh: c.fresh.map(({ story: s }) => ({ id: s.id, title: s.title })),
      updated,
      conflicts,
      unchanged: c.unchanged,
      older: olderTitles,
      unknownValues: unknownSlugs.map((slug) => ({ slug, name: pack.values.find((v) => v.slug === slug)?.name ?? slug })),
      photos: { count: photos.size, new: [...photos.keys()].filter((id) => !this.photos.has(id)).length },
    }
  }

  /** Frees a preview the user closed or replaced. */
  closePreview(previewId: string): boolean {
    return this.previews.delete(previewId)
  }

  /** A pack story shown as a story of this library (values by id where known). */
  private asStory(s: PackStory, bySlug: Map<string, CoreValue>): Story {
    return {
      id: s.id,
      ...contentOf(s, (slug) => bySlug.get(slug)?.id ?? slug),
      excerpt: s.body.slice(0, 180),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      deletedAt: null,
    }
  }

  private fieldsOf(s: PackStory, valueId: (slug: string) => string): StoryFields {
    const input = inputOf(contentOf(s, valueId))
    const parsed = storyFields.safeParse(input)
    if (!parsed.success)
      throw new CultureError('pack.storyRefused', { title: s.title.slice(0, 60) }, inputIssues(parsed.error, input, 'stories.create'))
    return parsed.data
  }

  /**
   * Applies a previewed pack: a backup first, then everything in one transaction, so a bad story
   * or a cancelled import leaves the library exactly as it was. Lineage follows the decision: an
   * update or "theirs" takes their revision, "mine" remembers theirs as overruled (so it comes
   * back as older, and our next pack updates them), a merge is a new revision after both.
   */
  async apply(
    previewId: string,
    resolutions: Record<string, Resolution>,
    valueMap: Record<string, string>,
    job: Partial<JobContext> = {},
  ): Promise<PackResult> {
    const cancelled = () => {
      if (job.signal?.aborted) throw new CultureError('pack.importCancelled')
    }
    const c = this.previews.get(previewId)
    if (!c) throw new CultureError('pack.previewExpired')
    const bySlug = new Map(this.values.list().map((v) => [v.slug, v.id]))
    const missing = c.unknownSlugs.filter((slug) => !valueMap[slug] || ![...bySlug.values()].includes(valueMap[slug]))
    if (missing.length) throw new CultureError('pack.valuesUnmapped', { slugs: missing.join(', ') })
    const unresolved = [...c.conflicts.keys()].filter((id) => !resolutions[id])
    if (unresolved.length) throw new CultureError('pack.conflictsUnresolved', { count: unresolved.length })
    const valueId = (slug: string) => bySlug.get(slug) ?? valueMap[slug]

    // Validate everything before writing anything.
    const plan: { theirs: Incoming; fields: StoryFields; updatedAt: string; status: PackStory['status']; revision: string }[] = []
    const adopt = (theirs: Incoming) => ({
      theirs,
      fields: this.fieldsOf(theirs.story, valueId),
      updatedAt: theirs.story.updatedAt,
      status: theirs.story.status,
      revision: theirs.revision,
    })
    let kept = 0
    const incoming = [...c.fresh, ...c.updated]
    for (let i = 0; i < incoming.length; i++) {
      plan.push(adopt(incoming[i]))
      // Checking is the long part of a big pack: report it, and let it be cancelled, a slice at a time.
      if (i % 500 === 499) {
        job.progress?.('check', (0.8 * i) / incoming.length)
        await new Promise((r) => setImmediate(r))
        cancelled()
      }
    }
    const now = new Date().toISOString()
    for (const [id, theirs] of c.conflicts) {
      const r = resolutions[id]
      if (r === 'mine') kept++
      else if (r === 'theirs') plan.push(adopt(theirs))
      else {
        const merged = { ...toPackStory(this.stories.get(id), new Map([...bySlug].map(([k, v]) => [v, k]))), ...r.merged } as PackStory
        plan.push({ theirs, fields: this.fieldsOf(merged, valueId), updatedAt: now, status: merged.status, revision: randomUUID() })
      }
    }

    // The photos the written stories show, which this library lacks: each decoded once, before anything is written.
    const newPhotos = [...new Set(plan.flatMap((p) => photoIdsIn(p.fields.body)))].filter((id) => c.photos.has(id) && !this.photos.has(id))
    const photos: StoredPhoto[] = []
    for (const id of newPhotos) {
      const bytes = c.photos.get(id)!
      const checked = await checkStoredPhoto(id, bytes)
      if (!checked) throw new CultureError('pack.photoDamaged', { id })
      photos.push({ id, bytes, ...checked })
      cancelled()
    }

    cancelled()
    job.progress?.('backup', 0.85)
    const backup = plan.length ? await this.backup() : null
    cancelled()
    job.progress?.('write', 0.9)
    const lineage = this.stories.lineage
    const created = c.fresh.length
    // On a team server the importing account is the new stories' author and names each version replaced.
    const startedBy = job.startedBy ?? null
    const write = this.db.transaction(() => {
      const agree = this.db.prepare('INSERT OR REPLACE INTO exchange_state (story_id, agreed_updated_at) VALUES (?, ?)')
      for (const photo of photos) this.photos.put(photo)
      for (const p of plan) {
        const { story, ancestors, revision } = p.theirs
        // Theirs and what it descends from come first, so a merge's own revision is the newest.
        lineage.record(story.id, [...ancestors, revision])
        this.stories.putFromElsewhere(story.id, p.fields, {
          status: p.status,
          createdAt: story.createdAt,
          updatedAt: p.updatedAt,
          revisionId: p.revision,
        })
        agree.run(story.id, story.updatedAt)
      }
      // Keeping ours: we agree to have seen theirs, and ours (changed since) goes out in our next pack.
      for (const [id, theirs] of c.conflicts) {
        if (resolutions[id] !== 'mine') continue
        lineage.record(id, [...theirs.ancestors, theirs.revision])
        agree.run(id, theirs.story.updatedAt)
      }
      for (const k of c.known) lineage.record(k.id, k.revisions)
      auditImport(this.db, startedBy, 'pack.imported', created, plan.length - created)
    })
    this.stories.revisions.actingAs(startedBy, () => write.immediate())
    this.previews.delete(previewId)
    this.stories.announce(plan.map((p) => p.theirs.story.id))
    return {
      created,
      updated: plan.length - created,
      kept,
      skipped: c.unchanged,
      older: c.older,
      backup: backup?.name ?? null,
    }
  }
}

/**
 * A format problem: which story (by title and place) and which field. The field is named by its key
 * in the pack file, which is where the reader has to look for it.
 */
function invalidPack(raw: unknown, issue: z.core.$ZodIssue): CultureError {
  const [top, index, ...rest] = issue.path
  const problem = [contentIssue(issue, raw)]
  const stories = (raw as { stories?: unknown })?.stories
  if (top === 'stories' && typeof index === 'number' && Array.isArray(stories)) {
    const story = stories[index] as Record<string, unknown> | null
    const place = { number: index + 1, field: rest.join('.') }
    return typeof story?.title === 'string'
      ? new CultureError('pack.invalidStory', { ...place, title: story.title.slice(0, 60) }, problem)
      : new CultureError('pack.invalidStoryUntitled', place, problem)
  }
  return new CultureError('pack.invalid', { field: issue.path.join('.') }, problem)
}
