import fc from 'fast-check'
import { strToU8, zipSync } from 'fflate'
import { packText } from '../../electron/core/exchange/pack-file'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir, valueId } from './temp-library'

const snapshot = (core: CultureCore) =>
  JSON.stringify([
    core.db.prepare('SELECT * FROM stories ORDER BY id').all(),
    core.db.prepare('SELECT * FROM story_values ORDER BY story_id, value_id').all(),
  ])

function add(core: CultureCore, overrides: Partial<StoryFieldsInput> = {}) {
  return core.stories.create(storyFields.parse(storyInput(core, overrides)), 'draft')
}

function exportAll(core: CultureCore): string {
  const out = join(tempDir(), 'stories.culturepack')
  core.packs.exportPack(out, {})
  return readFileSync(out, 'utf8')
}

const comparable = (core: CultureCore) =>
  core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 1000 }).items.map((s) => {
    const full = core.stories.get(s.id)
    const slugs = new Map(core.values.list().map((v) => [v.id, v.slug]))
    return { ...full, valueIds: full.valueIds.map((v) => slugs.get(v)), primaryValueId: slugs.get(full.primaryValueId) }
  })

describe('story packs', () => {
  it('carries stories field for field into another library, and re-importing changes nothing', async () => {
    const a = tempCore()
    add(a, { title: 'Æble på vej 👟', body: 'Kunden fik **nye sko**.\n\n> Tak!', language: 'da' })
    add(a, { title: 'Second', customerContext: null })
    const pack = exportAll(a)
    const b = tempCore()
    const preview = b.packs.preview(pack)
    expect(preview.fresh.map((s) => s.title).sort()).toEqual(['Second', 'Æble på vej 👟'])
    const result = await b.packs.apply(preview.previewId, {}, {})
    expect(result).toMatchObject({ created: 2, updated: 0 })
    expect(comparable(b)).toEqual(comparable(a))

    const before = snapshot(b)
    const again = b.packs.preview(pack)
    expect(again).toMatchObject({ fresh: [], updated: [], conflicts: [], unchanged: 2 })
    await b.packs.apply(again.previewId, {}, {})
    expect(snapshot(b)).toBe(before)
  })

  it('round-trips arbitrary valid stories, unusual Unicode included', async () => {
    const unit = fc.constantFrom('a', 'Z', 'æ', 'ø', 'å', 'ä', 'ö', 'é', '👟', '🎉', 'ש', '\u200f', ' ', '\n', '*', '<', '"', '\\')
    // Only valid text: a title, author or body of nothing but spaces and line breaks is refused, not round-tripped.
    const text = fc.string({ unit, minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0)
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: text, body: text, author: text, team: text }), { minLength: 1, maxLength: 5 }),
        async (stories) => {
          const a = tempCore()
          const b = tempCore()
          for (const s of stories) a.stories.create(storyFields.parse({ ...storyInput(a), ...s }), 'draft')
          const preview = b.packs.preview(exportAll(a))
          await b.packs.apply(preview.previewId, {}, {})
          expect(comparable(b)).toHaveLength(stories.length)
          expect(comparable(b)).toEqual(comparable(a))
          runs++
          a.close()
          b.close()
        },
      ),
      { numRuns: 25, seed: 42 },
    )
    // Every run created stories and compared them: none passed by having nothing to check.
    expect(runs).toBe(25)
  })

  it('finds conflicts when both sides changed, and resolves them by side or by merge', async () => {
    const a = tempCore()
    const story = add(a, { title: 'Shared', body: 'Original' })
    const kept = add(a, { title: 'Kept', body: 'Original' })
    const merged = add(a, { title: 'Merged', body: 'Original' })
    const b = tempCore()
    let preview = b.packs.preview(exportAll(a))
    await b.packs.apply(preview.previewId, {}, {})
    for (const [core, side] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      for (const s of [story, kept, merged])
        core.stories.update(s.id, storyFields.parse(storyInput(core, { title: core.stories.get(s.id).title, body: `Edited in ${side}` })))
    }
    preview = b.packs.preview(exportAll(a))
    expect(preview.conflicts.map((c) => c.id).sort()).toEqual([story.id, kept.id, merged.id].sort())
    expect(preview.conflicts[0].fields).toEqual(['body'])
    await expect(b.packs.apply(preview.previewId, {}, {})).rejects.toThrow(/Resolve 3 conflicts first/)
    await b.packs.apply(preview.previewId, { [story.id]: 'theirs', [kept.id]: 'mine', [merged.id]: { merged: { body: 'Both' } } }, {})
    expect(b.stories.get(story.id).body).toBe('Edited in A')
    expect(b.stories.get(kept.id).body).toBe('Edited in B')
    expect(b.stories.get(merged.id).body).toBe('Both')
    // B's history keeps what it had before the import.
    expect(b.stories.revisions.list(story.id)[0].snapshot.body).toBe('Edited in B')
    // The same pack again: nothing new to decide.
    expect(b.packs.preview(exportAll(a)).conflicts).toEqual([])
  })

  it('updates stories only the other side changed', async () => {
    const a = tempCore()
    const story = add(a, { title: 'Flows', body: 'v1' })
    const b = tempCore()
    await b.packs.apply(b.packs.preview(exportAll(a)).previewId, {}, {})
    a.stories.update(story.id, storyFields.parse(storyInput(a, { title: 'Flows', body: 'v2' })))
    const preview = b.packs.preview(exportAll(a))
    expect(preview.updated.map((s) => s.id)).toEqual([story.id])
    await b.packs.apply(preview.previewId, {}, {})
    expect(b.stories.get(story.id).body).toBe('v2')
  })

  it('asks how to map values this library does not have', async () => {
    const a = tempCore()
    const extra = a.values.create({ name: 'Be kind', description: '', color: '#123456' })
    add(a, { valueIds: [extra.id], primaryValueId: extra.id })
    const b = tempCore()
    const preview = b.packs.preview(exportAll(a))
    expect(preview.unknownValues).toEqual([{ slug: 'be-kind', name: 'Be kind' }])
    await expect(b.packs.apply(preview.previewId, {}, {})).rejects.toThrow(/Choose which of our core values to use for: be-kind/)
    await b.packs.apply(preview.previewId, {}, { 'be-kind': valueId(b, 'humble') })
    expect(b.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 5, valueId: valueId(b, 'humble') }).total).toBe(1)
  })

  it('reads zipped packs, and refuses a zip with an unsafe file name or a damaged zip', async () => {
    const a = tempCore()
    add(a, { title: 'Zipped' })
    const out = join(tempDir(), 'stories.culturepack')
    a.packs.exportPack(out, { zipped: true })
    const bytes = readFileSync(out)
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b])
    const b = tempCore()
    const preview = b.packs.preview(packText(bytes))
    expect(preview.fresh.map((s) => s.title)).toEqual(['Zipped'])
    const evil = zipSync({ 'pack.json': strToU8(packText(bytes)), '../../outside.txt': strToU8('gotcha') })
    expect(() => packText(evil)).toThrow(/unsafe name \(“\.\.\/\.\.\/outside\.txt”\)/)
    expect(() => packText(bytes.subarray(0, bytes.length - 40))).toThrow(/damaged or cut off/)
    expect(() => packText(zipSync({ 'other.json': strToU8('{}') }))).toThrow(/holds no pack\.json/)
  })

  it('refuses a truncated pack, a pack from a newer version and a duplicated id, leaving the library as it was', () => {
    const a = tempCore()
    add(a)
    const pack = exportAll(a)
    const b = tempCore()
    add(b, { title: 'Mine' })
    const before = snapshot(b)
    expect(() => b.packs.preview(pack.slice(0, pack.length / 2))).toThrow(/not complete/)
    expect(() => b.packs.preview(JSON.stringify({ ...JSON.parse(pack), version: 9 }))).toThrow(
      /newer version of Culture Book \(pack version 9/,
    )
    const doubled = JSON.parse(pack)
    doubled.stories.push(doubled.stories[0])
    expect(() => b.packs.preview(JSON.stringify(doubled))).toThrow(/lists the story .* twice/)
    expect(() => b.packs.preview('{"format":"something-else"}')).toThrow(/not a Culture Book story pack|not valid/)
    expect(snapshot(b)).toBe(before)
  })

  it('stops a cancelled import of a big pack before writing anything', async () => {
    const a = tempCore()
    const pack = JSON.parse(exportAll((add(a, { title: 'Seed' }), a)))
    const template = pack.stories[0]
    pack.stories = Array.from({ length: 3000 }, (_, i) => ({
      ...template,
      id: `7e000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `Story ${i}`,
    }))
    const b = tempCore()
    const preview = b.packs.preview(pack)
    const controller = new AbortController()
    const run = b.packs.apply(
      preview.previewId,
      {},
      {},
      {
        signal: controller.signal,
        progress: (_phase, f) => f > 0.2 && controller.abort(),
      },
    )
    await expect(run).rejects.toThrow(/cancelled\. Nothing was imported/)
    expect((b.db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n).toBe(0)
  })

  it('never lets an older pack roll back a newer edit: it is "older, skipped" (issue 9, defect 4)', async () => {
    const first = tempCore()
    const story = add(first, { title: 'Shoes for the wedding' })
    const p1 = exportAll(first)
    const second = tempCore()
    await second.packs.apply(second.packs.preview(p1).previewId, {}, {})
    second.stories.update(story.id, storyFields.parse(storyInput(second, { title: 'Shoes for the wedding (corrected)' })))
    const p2 = exportAll(second)
    const newer = first.packs.preview(p2)
    expect(newer.updated.map((s) => s.id)).toEqual([story.id])
    await first.packs.apply(newer.previewId, {}, {})

    const before = snapshot(first)
    const older = first.packs.preview(p1)
    expect(older).toMatchObject({
      fresh: [],
      updated: [],
      conflicts: [],
      unchanged: 0,
      older: [{ id: story.id, title: 'Shoes for the wedding' }],
    })
    expect(await first.packs.apply(older.previewId, {}, {})).toMatchObject({ created: 0, updated: 0, older: 1, backup: null })
    expect(first.stories.get(story.id).title).toBe('Shoes for the wedding (corrected)')
    expect(snapshot(first)).toBe(before)
    // The library that made the correction skips the old pack too.
    expect(second.packs.preview(p1)).toMatchObject({ updated: [], conflicts: [], older: [{ id: story.id }] })
  })

  it("recognises an older version-1 pack (no lineage) by the story's history", async () => {
    const asVersion1 = (text: string) => {
      const pack = JSON.parse(text)
      for (const s of pack.stories) {
        delete s.revision
        delete s.ancestors
      }
      return JSON.stringify({ ...pack, version: 1 })
    }
    const first = tempCore()
    const story = add(first, { title: 'Shoes for the wedding' })
    const p1 = asVersion1(exportAll(first))
    const second = tempCore()
    await second.packs.apply(second.packs.preview(p1).previewId, {}, {})
    second.stories.update(story.id, storyFields.parse(storyInput(second, { title: 'Shoes for the wedding (corrected)' })))
    const p2 = asVersion1(exportAll(second))
    const newer = first.packs.preview(p2)
    expect(newer.updated.map((s) => s.id)).toEqual([story.id])
    await first.packs.apply(newer.previewId, {}, {})
    expect(first.packs.preview(p1)).toMatchObject({ updated: [], conflicts: [], older: [{ id: story.id }] })
    // The same version-1 pack twice changes nothing.
    const before = snapshot(first)
    const again = first.packs.preview(p2)
    expect(again).toMatchObject({ fresh: [], updated: [], conflicts: [], unchanged: 1 })
    await first.packs.apply(again.previewId, {}, {})
    expect(snapshot(first)).toBe(before)
  })

  it('refuses a pack whose timestamps are not real instants, naming the story (issue 9, defect 9)', () => {
    const a = tempCore()
    add(a, { title: 'Shoes for the wedding' })
    const pack = exportAll(a)
    const b = tempCore()
    const before = snapshot(b)
    for (const [field, value] of [
      ['updatedAt', 'yesterday'],
      ['updatedAt', 'last Tuesday at ten'],
      ['createdAt', '2025-02-30T10:00:00Z'],
      ['updatedAt', '2025-06-14 10:00'],
      ['updatedAt', '2025-06-14T10:00:00'],
    ]) {
      const bad = JSON.parse(pack)
      bad.stories[0][field] = value
      expect(() => b.packs.preview(JSON.stringify(bad))).toThrow(
        `The pack is not valid: the story “Shoes for the wedding” (number 1 in the pack), ${field}: “${value}” is not a real date and time with a time zone (such as 2025-06-14T09:30:00Z). Nothing was imported.`,
      )
    }
    expect(() => b.packs.preview(JSON.stringify({ ...JSON.parse(pack), exportedAt: 'some time ago' }))).toThrow(
      /exportedAt: “some time ago” is not a real date and time/,
    )
    expect(snapshot(b)).toBe(before)
  })

  it('stores timestamps with an offset as UTC instants, so the story can then be edited, trashed and approved', async () => {
    const a = tempCore()
    const story = add(a, { title: 'Shoes for the wedding' })
    const pack = JSON.parse(exportAll(a))
    Object.assign(pack.stories[0], { createdAt: '2025-06-14T10:00:00+02:00', updatedAt: '2025-06-14T12:30:00.5+02:00' })
    const b = tempCore()
    await b.packs.apply(b.packs.preview(JSON.stringify(pack)).previewId, {}, {})
    expect(b.stories.get(story.id)).toMatchObject({ createdAt: '2025-06-14T08:00:00.000Z', updatedAt: '2025-06-14T10:30:00.500Z' })
    const edited = b.stories.update(story.id, storyFields.parse(storyInput(b, { title: 'Edited after import' })))
    expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse('2025-06-14T10:30:00.500Z'))
    expect(b.stories.setStatus(story.id, 'approved').status).toBe('approved')
    expect(b.stories.trash(story.id).deletedAt).not.toBeNull()
    expect(b.stories.restore(story.id).deletedAt).toBeNull()
  })

  it('rolls back the whole import when one story is invalid (a 50 MB field)', async () => {
    const a = tempCore()
    add(a, { title: 'Fine one' })
    const pack = JSON.parse(exportAll(a))
    pack.stories.push({ ...pack.stories[0], id: '5a5a5a5a-0000-4000-8000-000000000001', title: 'Huge', body: 'x'.repeat(50 * 1024 * 1024) })
    const b = tempCore()
    const before = snapshot(b)
    const preview = b.packs.preview(JSON.stringify(pack))
    await expect(b.packs.apply(preview.previewId, {}, {})).rejects.toThrow(
      /“Huge” cannot be imported: The story is 52,428,800 characters long/,
    )
    expect(snapshot(b)).toBe(before)
  })
})
