import Database from 'better-sqlite3'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import type { PackPreview, Resolution } from '../../electron/core/exchange/pack-types'
import { migrations } from '../../electron/core/library/migrations'
import { CULTURE_APPLICATION_ID } from '../../electron/core/library/open-library'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { legacyRevisionId } from '../../electron/core/stories/story-lineage'
import { storyInput, tempCore, tempDir } from './temp-library'

const add = (core: CultureCore, overrides: Partial<StoryFieldsInput> = {}) =>
  core.stories.create(storyFields.parse(storyInput(core, overrides)), 'draft')
const edit = (core: CultureCore, id: string, overrides: Partial<StoryFieldsInput>) =>
  core.stories.update(id, storyFields.parse(storyInput(core, overrides)))

function exportAll(core: CultureCore): string {
  const out = join(tempDir(), 'stories.culturepack')
  core.packs.exportPack(out, {})
  return readFileSync(out, 'utf8')
}

async function importPack(core: CultureCore, pack: string, resolution: (id: string) => Resolution = () => 'theirs') {
  const preview = core.packs.preview(pack)
  const result = await core.packs.apply(preview.previewId, Object.fromEntries(preview.conflicts.map((c) => [c.id, resolution(c.id)])), {})
  return { preview, result }
}

/** One story that both libraries changed since they last exchanged it, and each side's pack of it. */
async function diverged() {
  const a = tempCore()
  const story = add(a, { title: 'Original' })
  const b = tempCore()
  await importPack(b, exportAll(a))
  edit(a, story.id, { title: 'From A', body: 'Body from A' })
  edit(b, story.id, { title: 'From B', body: 'Body from B' })
  return { a, b, story, fromA: exportAll(a), fromB: exportAll(b) }
}

const storiesTable = (core: CultureCore) => JSON.stringify(core.db.prepare('SELECT * FROM stories ORDER BY id').all())

describe('revision lineage (issue 9, defect 4)', () => {
  it('gives every local change a new revision and keeps the ones before it', () => {
    const core = tempCore()
    const story = add(core)
    const seen = [core.stories.lineage.current(story.id)!]
    const step = () => {
      const now = core.stories.lineage.current(story.id)!
      expect(seen).not.toContain(now)
      seen.push(now)
      expect(core.stories.lineage.ancestors(story.id)).toEqual(seen.slice(0, -1))
    }
    edit(core, story.id, { title: 'Edited' })
    step()
    core.stories.setStatus(story.id, 'approved')
    step()
    core.stories.trash(story.id)
    step()
    core.stories.restore(story.id)
    step()
    core.stories.revert(story.id, core.stories.revisions.list(story.id).at(-1)!.id)
    step()
    expect(core.stories.get(story.id).title).toBe('Wedding shoes, overnight')
  })

  it("'mine' remembers theirs: the same pack again is older, and our next pack updates them", async () => {
    const { a, b, story, fromA } = await diverged()
    const first = await importPack(b, fromA, () => 'mine')
    expect(first.preview.conflicts.map((c) => c.id)).toEqual([story.id])
    expect(first.result).toMatchObject({ kept: 1, updated: 0 })
    expect(b.stories.get(story.id).title).toBe('From B')
    expect(b.packs.preview(fromA)).toMatchObject({ conflicts: [], updated: [], older: [{ id: story.id }] })
    const { preview } = await importPack(a, exportAll(b))
    expect(preview).toMatchObject({ conflicts: [], updated: [{ id: story.id }] })
    expect(a.stories.get(story.id).title).toBe('From B')
  })

  it("'theirs' keeps ours in the lineage, so our own older pack cannot bring it back", async () => {
    const { a, b, story, fromA, fromB } = await diverged()
    await importPack(b, fromA, () => 'theirs')
    expect(b.stories.get(story.id).title).toBe('From A')
    expect(b.packs.preview(fromB)).toMatchObject({ conflicts: [], updated: [], older: [{ id: story.id }] })
    // A learns nothing new from B's copy of its own version.
    expect(a.packs.preview(exportAll(b))).toMatchObject({ conflicts: [], updated: [], unchanged: 1 })
  })

  it('a merge is a new revision after both sides: both earlier packs are older, and the other side takes the merge', async () => {
    const { a, b, story, fromA, fromB } = await diverged()
    await importPack(b, fromA, () => ({ merged: { title: 'From A' } }))
    expect(b.stories.get(story.id)).toMatchObject({ title: 'From A', body: 'Body from B' })
    expect(b.packs.preview(fromA).older).toHaveLength(1)
    expect(b.packs.preview(fromB).older).toHaveLength(1)
    const { preview } = await importPack(a, exportAll(b))
    expect(preview.updated.map((s) => s.id)).toEqual([story.id])
    expect(a.stories.get(story.id)).toMatchObject({ title: 'From A', body: 'Body from B' })
  })

  it('gives the stories of an existing library their first revisions, which two libraries that exchanged before share', async () => {
    const file = join(tempDir(), 'old.sqlite')
    const old = new Database(file)
    old.pragma('foreign_keys = ON')
    for (const m of migrations.filter((m) => m.version <= 9)) m.up(old)
    const value = (old.prepare("SELECT id FROM core_values WHERE slug = 'deliver-wow'").get() as { id: string }).id
    const id = '0b000000-0000-4000-8000-000000000001'
    old
      .prepare(
        `INSERT INTO stories (id, title, body, author, team, customer_context, happened_on, primary_value_id, status, is_recovery, language, created_at, updated_at)
         VALUES (?, 'Now', 'Body', 'Astrid', '', NULL, '2025-06-14', ?, 'draft', 0, 'en', '2025-06-01T10:00:00.000Z', '2025-06-02T10:00:00.000Z')`,
      )
      .run(id, value)
    old.prepare('INSERT INTO story_values (story_id, value_id) VALUES (?, ?)').run(id, value)
    const before = { id, title: 'Before', updatedAt: '2025-06-01T10:00:00.000Z' }
    old
      .prepare(
        "INSERT INTO story_revisions (id, story_id, reason, snapshot, saved_at) VALUES ('r1', ?, 'edit', ?, '2025-06-02T10:00:00.000Z')",
      )
      .run(id, JSON.stringify(before))
    old.pragma(`application_id = ${CULTURE_APPLICATION_ID}`)
    old.pragma('user_version = 9')
    old.close()

    const core = openCore(file)
    try {
      expect(core.stories.lineage.current(id)).toBe(legacyRevisionId(id, '2025-06-02T10:00:00.000Z'))
      expect(core.stories.lineage.ancestors(id)).toEqual([legacyRevisionId(id, '2025-06-01T10:00:00.000Z')])
      // Another library that imported this version from a version-1 pack holds the same revision.
      const other = tempCore()
      const v1 = JSON.parse(exportAll(core))
      for (const s of v1.stories) {
        delete s.revision
        delete s.ancestors
      }
      await importPack(other, JSON.stringify({ ...v1, version: 1 }))
      expect(other.stories.lineage.current(id)).toBe(core.stories.lineage.current(id))
      // So once both are upgraded, an edit on either side is a plain update on the other.
      edit(other, id, { title: 'Edited after the upgrade' })
      const { preview } = await importPack(core, exportAll(other))
      expect(preview).toMatchObject({ updated: [{ id }], conflicts: [] })
    } finally {
      core.close()
    }
  })

  it('keeps only the newest previews, frees a closed one, and says so when it is applied', async () => {
    const a = tempCore()
    add(a)
    const pack = exportAll(a)
    const b = tempCore()
    const [first, second, third] = [b.packs.preview(pack), b.packs.preview(pack), b.packs.preview(pack)]
    await expect(b.packs.apply(first.previewId, {}, {})).rejects.toThrow(/That preview has expired/)
    expect(b.packs.closePreview(second.previewId)).toBe(true)
    await expect(b.packs.apply(second.previewId, {}, {})).rejects.toThrow(/That preview has expired/)
    expect(await b.packs.apply(third.previewId, {}, {})).toMatchObject({ created: 1 })
  })
})

// Model-based: two libraries edit and exchange packs (newer and older ones, their own included) in
// random order. The model keeps a "supersedes" graph of every version; each verdict the app gives
// must agree with it, and each library must hold exactly the version the model says.

type Lib = 'A' | 'B'
const STORIES = 2

interface Model {
  /** version → the versions it supersedes directly (its parents, or what a resolution overruled). */
  supersedes: Map<string, Set<string>>
  current: Record<Lib, string[]>
  /** Every version each library has held, per story. */
  held: Record<Lib, Set<string>[]>
  packs: { from: Lib; versions: string[]; exporterHeld: Set<string>[] }[]
  next: number
}

interface Real {
  cores: Record<Lib, CultureCore>
  ids: string[]
  packs: string[]
}

/** Whether `newer` is `older` or supersedes it, directly or through others. */
function atLeast(m: Model, newer: string, older: string): boolean {
  const seen = new Set<string>()
  const stack = [newer]
  while (stack.length) {
    const v = stack.pop()!
    if (v === older) return true
    if (seen.has(v)) continue
    seen.add(v)
    stack.push(...(m.supersedes.get(v) ?? []))
  }
  return false
}

const bodyOf = (core: CultureCore, id: string) => core.stories.get(id).body

function checkLibraries(m: Model, r: Real) {
  for (const lib of ['A', 'B'] as const) {
    r.ids.forEach((id, i) => {
      expect(bodyOf(r.cores[lib], id), `${lib} story ${i}`).toBe(m.current[lib][i])
      // No acknowledged edit is lost: whatever the library held, its current version supersedes.
      for (const v of m.held[lib][i]) expect(atLeast(m, m.current[lib][i], v), `${lib} story ${i} lost ${v}`).toBe(true)
    })
  }
}

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly lib: Lib,
    readonly story: number,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const version = `${this.lib}${m.next++}`
    const core = r.cores[this.lib]
    edit(core, r.ids[this.story], { title: `Story ${this.story}`, body: version })
    m.supersedes.set(version, new Set([m.current[this.lib][this.story]]))
    m.current[this.lib][this.story] = version
    m.held[this.lib][this.story].add(version)
    checkLibraries(m, r)
  }
  toString = () => `edit(${this.lib}, ${this.story})`
}

class Export implements fc.AsyncCommand<Model, Real> {
  constructor(readonly lib: Lib) {}
  check = () => true
  async run(m: Model, r: Real) {
    r.packs.push(exportAll(r.cores[this.lib]))
    m.packs.push({ from: this.lib, versions: [...m.current[this.lib]], exporterHeld: m.held[this.lib].map((h) => new Set(h)) })
  }
  toString = () => `export(${this.lib})`
}

class Import implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly lib: Lib,
    readonly pick: number,
    readonly resolution: 'mine' | 'theirs' | 'merged',
  ) {}
  check = (m: Readonly<Model>) => m.packs.length > 0
  async run(m: Model, r: Real) {
    const index = this.pick % m.packs.length
    const pack = m.packs[index]
    const core = r.cores[this.lib]
    const preview = core.packs.preview(r.packs[index])
    const verdictOf = (id: string) =>
      (['updated', 'older'] as const).find((k) => preview[k].some((s) => s.id === id)) ??
      (preview.conflicts.some((c) => c.id === id) ? 'conflict' : 'unchanged')
    const resolutions: Record<string, Resolution> = {}
    const merges: Record<string, string> = {}
    r.ids.forEach((id, i) => {
      const theirs = pack.versions[i]
      const mine = m.current[this.lib][i]
      const verdict = verdictOf(id)
      const where = `${this.toString()} of pack ${index} (${pack.from}), story ${i}: ${theirs} onto ${mine}`
      // Safety: never roll back, never skip something new, never call different versions the same.
      if (verdict === 'updated') expect(atLeast(m, theirs, mine), where).toBe(true)
      if (verdict === 'older') expect(atLeast(m, mine, theirs) && theirs !== mine, where).toBe(true)
      if (verdict === 'unchanged') expect(theirs, where).toBe(mine)
      // And what each side demonstrably knows is used: a version we held is older, one they moved on from ours is an update.
      if (theirs === mine) expect(verdict, where).toBe('unchanged')
      else if (m.held[this.lib][i].has(theirs)) expect(verdict, where).toBe('older')
      else if (pack.exporterHeld[i].has(mine)) expect(verdict, where).toBe('updated')
      if (verdict === 'conflict') {
        if (this.resolution === 'merged') {
          merges[id] = `M${m.next++}`
          resolutions[id] = { merged: { body: merges[id] } }
        } else resolutions[id] = this.resolution
      }
    })
    await core.packs.apply(preview.previewId, resolutions, {})
    r.ids.forEach((id, i) => {
      const theirs = pack.versions[i]
      const mine = m.current[this.lib][i]
      const verdict = verdictOf(id)
      let now = mine
      if (verdict === 'updated') now = theirs
      else if (verdict === 'conflict' && this.resolution === 'mine') m.supersedes.get(mine)!.add(theirs)
      else if (verdict === 'conflict' && this.resolution === 'theirs') {
        now = theirs
        m.supersedes.get(theirs)!.add(mine)
      } else if (verdict === 'conflict') {
        now = merges[id]
        m.supersedes.set(now, new Set([mine, theirs]))
      }
      m.current[this.lib][i] = now
      m.held[this.lib][i].add(now)
    })
    checkLibraries(m, r)
    // Anything already imported, imported again, changes nothing.
    const before = storiesTable(core)
    const again: PackPreview = core.packs.preview(r.packs[index])
    expect(again, `${this.toString()} again`).toMatchObject({ fresh: [], updated: [], conflicts: [] })
    await core.packs.apply(again.previewId, {}, {})
    expect(storiesTable(core)).toBe(before)
  }
  toString = () => `import(${this.lib}, ${this.pick}, ${this.resolution})`
}

describe('two libraries exchanging packs (model-based)', () => {
  it('never loses an acknowledged edit, whatever order packs are made, imported and resolved in', async () => {
    const lib = fc.constantFrom<Lib>('A', 'B')
    const commands = [
      fc.tuple(lib, fc.nat(STORIES - 1)).map(([l, s]) => new Edit(l, s)),
      lib.map((l) => new Export(l)),
      fc
        .tuple(lib, fc.nat(50), fc.constantFrom('mine' as const, 'theirs' as const, 'merged' as const))
        .map(([l, p, res]) => new Import(l, p, res)),
    ]
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
        const a = openCore(join(tempDir(), 'a.sqlite'))
        const b = openCore(join(tempDir(), 'b.sqlite'))
        try {
          const ids = Array.from({ length: STORIES }, (_, i) => add(a, { title: `Story ${i}`, body: `O${i}` }).id)
          await importPack(b, exportAll(a))
          const origin = ids.map((_, i) => `O${i}`)
          const model: Model = {
            supersedes: new Map(origin.map((v) => [v, new Set<string>()])),
            current: { A: [...origin], B: [...origin] },
            held: { A: origin.map((v) => new Set([v])), B: origin.map((v) => new Set([v])) },
            packs: [],
            next: 1,
          }
          await fc.asyncModelRun(() => ({ model, real: { cores: { A: a, B: b }, ids, packs: [] } }), cmds)
        } finally {
          a.close()
          b.close()
        }
      }),
      { numRuns: Number(process.env.PACK_MODEL_RUNS ?? 100) },
    )
  }, 120_000)
})
