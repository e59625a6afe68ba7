import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { writeFileAtomically } from '../book/atomic-file'
import { CultureError } from '../errors'
import { takeBackup } from '../library/backups'
import type { Story } from '../stories/story'
import { storyFields, type StoryFields } from '../stories/story-input'
import type { StoryRepository } from '../stories/story-repository'
import type { CoreValue } from '../values/core-value'
import type { ValueRepository } from '../values/value-repository'
import { zipPack } from './pack-file'
import { PACK_FORMAT, PACK_VERSION, storyPack, type PackStory, type StoryPack } from './pack-format'
import type { PackPreview, PackResult, Resolution } from './pack-types'

/** The fields two versions of a story are compared on (ids and timestamps aside). */
const COMPARED = ['title', 'body', 'author', 'team', 'customerContext', 'happenedOn', 'status', 'isRecovery', 'language', 'values', 'primaryValue'] as const

interface Classified {
  pack: StoryPack
  fresh: PackStory[]
  updated: PackStory[]
  conflicts: Map<string, PackStory>
  unchanged: number
  unknownSlugs: string[]
}

export class StoryPacks {
  private previews = new Map<string, Classified>()

  constructor(
    private db: Database.Database,
    private libraryPath: string,
    private stories: StoryRepository,
    private values: ValueRepository,
  ) {}

  // Export ---------------------------------------------------------------------------------

  private toPackStory(s: Story, slugOf: Map<string, string>): PackStory {
    return {
      id: s.id,
      title: s.title,
      body: s.body,
      author: s.author,
      team: s.team,
      customerContext: s.customerContext,
      happenedOn: s.happenedOn,
      status: s.status,
      isRecovery: s.isRecovery,
      language: s.language,
      values: s.valueIds.map((v) => slugOf.get(v)!),
      primaryValue: slugOf.get(s.primaryValueId)!,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    }
  }

  /** Writes the chosen stories (or everything new since the last pack) and remembers them as agreed. */
  exportPack(outPath: string, selection: { ids?: string[]; sinceLastPack?: boolean; zipped?: boolean }): { path: string; count: number } {
    const lastPack = (this.db.prepare("SELECT value FROM exchange_meta WHERE key = 'last_pack_at'").get() as { value: string } | undefined)?.value
    const rows = (
      selection.ids
        ? selection.ids.map((id) => ({ id }))
        : (this.db
            .prepare('SELECT id FROM stories WHERE deleted_at IS NULL AND (? IS NULL OR updated_at > ?) ORDER BY happened_on')
            .all(selection.sinceLastPack ? (lastPack ?? null) : null, selection.sinceLastPack ? (lastPack ?? null) : null) as { id: string }[])
    ).map((r) => this.stories.get(r.id))
    if (rows.length === 0) throw new CultureError('invalid_input', 'There are no stories to put in a pack.')
    const values = this.values.list()
    const slugOf = new Map(values.map((v) => [v.id, v.slug]))
    const used = new Set(rows.flatMap((s) => s.valueIds))
    const pack: StoryPack = {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      exportedAt: new Date().toISOString(),
      values: values.filter((v) => used.has(v.id)).map((v) => ({ slug: v.slug, name: v.name, description: v.description, color: v.color })),
      stories: rows.map((s) => this.toPackStory(s, slugOf)),
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

  /** Reads a pack and sorts its stories into new, updated, conflicting and unchanged. Writes nothing. */
  preview(content: string | object): PackPreview {
    let raw: unknown = content
    if (typeof content === 'string') {
      try {
        raw = JSON.parse(content)
      } catch {
        throw new CultureError('invalid_input', 'The pack is not complete (it may have been cut off) or is not a story pack. Nothing was imported.')
      }
    }
    const version = (raw as { version?: unknown })?.version
    if (typeof version === 'number' && version > PACK_VERSION) {
      throw new CultureError('invalid_input', `This pack was made by a newer version of Culture Book (pack version ${version}; this app reads up to ${PACK_VERSION}). Update the app to import it.`)
    }
    const parsed = storyPack.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new CultureError('invalid_input', `The pack is not valid: ${issue.path.join('.')} ${issue.message}. Nothing was imported.`)
    }
    const pack = parsed.data
    const seen = new Set<string>()
    for (const s of pack.stories) {
      if (seen.has(s.id)) throw new CultureError('invalid_input', `The pack lists the story ${s.id} (“${s.title.slice(0, 60)}”) twice. Nothing was imported.`)
      seen.add(s.id)
    }
    const bySlug = new Map(this.values.list().map((v) => [v.slug, v]))
    const unknownSlugs = [...new Set(pack.stories.flatMap((s) => s.values))].filter((slug) => !bySlug.has(slug))
    const slugOf = new Map([...bySlug.values()].map((v) => [v.id, v.slug]))

    const classified: Classified = { pack, fresh: [], updated: [], conflicts: new Map(), unchanged: 0, unknownSlugs }
    const agreed = this.db.prepare('SELECT agreed_updated_at AS at FROM exchange_state WHERE story_id = ?')
    for (const theirs of pack.stories) {
      let local: Story | null = null
      try {
        local = this.stories.get(theirs.id)
      } catch {
        local = null
      }
      if (!local) {
        classified.fresh.push(theirs)
        continue
      }
      const mine = this.toPackStory(local, slugOf)
      if (COMPARED.every((f) => JSON.stringify(mine[f]) === JSON.stringify(theirs[f]))) {
        classified.unchanged++
        continue
      }
      const at = (agreed.get(theirs.id) as { at: string } | undefined)?.at
      const localChanged = !at || local.updatedAt !== at
      const theirsChanged = !at || theirs.updatedAt !== at
      if (!localChanged && theirsChanged) classified.updated.push(theirs)
      else if (localChanged && !theirsChanged) classified.unchanged++
      else classified.conflicts.set(theirs.id, theirs)
    }
    const previewId = randomUUID()
    this.previews.set(previewId, classified)
    const conflicts = [...classified.conflicts.values()].map((theirs) => {
      const mine = this.stories.get(theirs.id)
      const mineAsPack = this.toPackStory(mine, slugOf)
      return {
        id: theirs.id,
        mine,
        theirs: this.asStory(theirs, bySlug),
        fields: COMPARED.filter((f) => JSON.stringify(mineAsPack[f]) !== JSON.stringify(theirs[f])),
      }
    })
    return {
      previewId,
      fresh: classified.fresh.map((s) => ({ id: s.id, title: s.title })),
      updated: classified.updated.map((s) => ({ id: s.id, title: s.title })),
      conflicts,
      unchanged: classified.unchanged,
      unknownValues: unknownSlugs.map((slug) => ({ slug, name: pack.values.find((v) => v.slug === slug)?.name ?? slug })),
    }
  }

  /** A pack story shown as a story of this library (values by id where known). */
  private asStory(s: PackStory, bySlug: Map<string, CoreValue>): Story {
    return {
      id: s.id,
      title: s.title,
      body: s.body,
      author: s.author,
      team: s.team,
      customerContext: s.customerContext,
      happenedOn: s.happenedOn,
      status: s.status,
      isRecovery: s.isRecovery,
      language: s.language,
      valueIds: s.values.map((v) => bySlug.get(v)?.id ?? v),
      primaryValueId: bySlug.get(s.primaryValue)?.id ?? s.primaryValue,
      excerpt: s.body.slice(0, 180),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      deletedAt: null,
    }
  }

  private fieldsOf(s: PackStory, valueId: (slug: string) => string): StoryFields {
    const parsed = storyFields.safeParse({
      title: s.title,
      body: s.body,
      author: s.author,
      team: s.team,
      customerContext: s.customerContext,
      happenedOn: s.happenedOn,
      valueIds: s.values.map(valueId),
      primaryValueId: valueId(s.primaryValue),
      isRecovery: s.isRecovery,
      language: s.language,
    })
    if (!parsed.success) {
      throw new CultureError('invalid_input', `“${s.title.slice(0, 60)}” cannot be imported: ${parsed.error.issues[0].message} Nothing was imported.`)
    }
    return parsed.data
  }

  /**
   * Applies a previewed pack: a backup first, then everything in one transaction, so a bad story
   * or a cancelled import leaves the library exactly as it was.
   */
  async apply(
    previewId: string,
    resolutions: Record<string, Resolution>,
    valueMap: Record<string, string>,
    job: { signal?: AbortSignal; progress?: (phase: string, fraction: number) => void } = {},
  ): Promise<PackResult> {
    const cancelled = () => {
      if (job.signal?.aborted) throw new CultureError('conflict', 'The import was cancelled. Nothing was imported.')
    }
    const c = this.previews.get(previewId)
    if (!c) throw new CultureError('not_found', 'That preview has expired. Open the pack again.')
    const bySlug = new Map(this.values.list().map((v) => [v.slug, v.id]))
    const missing = c.unknownSlugs.filter((slug) => !valueMap[slug] || ![...bySlug.values()].includes(valueMap[slug]))
    if (missing.length) throw new CultureError('invalid_input', `Choose which of our core values to use for: ${missing.join(', ')}.`)
    const unresolved = [...c.conflicts.keys()].filter((id) => !resolutions[id])
    if (unresolved.length) throw new CultureError('invalid_input', `Resolve ${unresolved.length} conflict${unresolved.length === 1 ? '' : 's'} first.`)
    const valueId = (slug: string) => bySlug.get(slug) ?? valueMap[slug]

    // Validate everything before writing anything.
    const plan: { story: PackStory; fields: StoryFields; updatedAt: string; status: PackStory['status'] }[] = []
    let kept = 0
    const incoming = [...c.fresh, ...c.updated]
    for (let i = 0; i < incoming.length; i++) {
      const s = incoming[i]
      plan.push({ story: s, fields: this.fieldsOf(s, valueId), updatedAt: s.updatedAt, status: s.status })
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
      if (r === 'mine') {
        kept++
        continue
      }
      if (r === 'theirs') plan.push({ story: theirs, fields: this.fieldsOf(theirs, valueId), updatedAt: theirs.updatedAt, status: theirs.status })
      else {
        const merged = { ...this.toPackStory(this.stories.get(id), new Map([...bySlug].map(([k, v]) => [v, k]))), ...r.merged } as PackStory
        plan.push({ story: theirs, fields: this.fieldsOf(merged, valueId), updatedAt: now, status: merged.status })
      }
    }

    cancelled()
    job.progress?.('backup', 0.85)
    const backup = plan.length ? await takeBackup(this.db, this.libraryPath, 'before-import') : null
    cancelled()
    job.progress?.('write', 0.9)
    this.db.transaction(() => {
      const agree = this.db.prepare('INSERT OR REPLACE INTO exchange_state (story_id, agreed_updated_at) VALUES (?, ?)')
      for (const p of plan) {
        this.stories.putFromElsewhere(p.story.id, p.fields, { status: p.status, createdAt: p.story.createdAt, updatedAt: p.updatedAt })
        agree.run(p.story.id, p.story.updatedAt)
      }
      // Keeping ours: we agree to have seen theirs, and ours (changed since) goes out in our next pack.
      for (const [id, theirs] of c.conflicts) if (resolutions[id] === 'mine') agree.run(id, theirs.updatedAt)
    }).immediate()
    this.previews.delete(previewId)
    this.stories.announce(plan.map((p) => p.story.id))
    return { created: c.fresh.length, updated: plan.length - c.fresh.length, kept, skipped: c.unchanged, backup: backup?.name ?? null }
  }
}
