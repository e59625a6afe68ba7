import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { storyFields } from '../../electron/core/stories/story-input'
import { countRows, storyInput, tempCore, valueId } from './temp-library'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
const revisions = (core: CultureCore) => (core.db.prepare('SELECT count(*) AS n FROM story_revisions').get() as { n: number }).n
const live = (core: CultureCore) =>
  core.stories.list({ sort: 'oldest', trashed: false, offset: 0, limit: 1000 }).items.map((s) => core.stories.get(s.id))

/** Imports a CSV with the columns the preview guessed, as the import screen does by default. */
async function importCsv(core: CultureCore, csv: string) {
  const preview = core.csv.preview(b64(csv))
  return core.csv.import(preview.previewId, preview.suggested, 'submitted')
}

describe('CSV export keeps every story on one row (defect 6)', () => {
  const body = 'First paragraph.\rSecond after a lone CR.\n=HYPERLINK("http://evil","click")\r\n@SUM(1+1)\u2028+1\u2029-2'

  it('quotes every field with a line break, so a strict parser sees one row and no live formula', () => {
    const core = tempCore()
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Two paragraphs', body })), 'draft')
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Team on two lines', body: 'a\nb', team: 'Front\rdesk' })), 'draft')
    const out = core.csv.export()
    // Strict: no relaxed quotes or column counts.
    const records = parse(out, { bom: true }) as string[][]
    expect(records).toHaveLength(3)
    const col = (name: string) => records[0].indexOf(name)
    expect(records.every((r) => r.length === records[0].length)).toBe(true)
    expect(records[1][col('story')]).toBe(body)
    expect(records[2][col('team')]).toBe('Front\rdesk')
    // Split as a spreadsheet that ends a row at any bare line break would: no line may start a formula.
    const bareLines = out.replace(/"(?:[^"]|"")*"/g, 'Q').split(/\r\n|\r|\n|\u2028|\u2029/)
    expect(bareLines.filter(Boolean)).toHaveLength(3)
    expect(bareLines.some((l) => /^[=+\-@]/.test(l))).toBe(false)
  })

  it('neutralises cells that start with = + - @ tab or CR, and takes the apostrophe off again on import', async () => {
    const core = tempCore()
    const risky = ['=1+1', '+1', '-1', '@SUM(1)', '\tindented', '\rreturn', "'=already quoted", 'plain']
    for (const start of risky)
      core.stories.create(storyFields.parse(storyInput(core, { title: `Story ${start.trim()}`, body: start })), 'draft')
    const out = core.csv.export()
    const [header, ...records] = parse(out, { bom: true }) as string[][]
    const cells = records.map((r) => r[header.indexOf('story')])
    expect(cells.sort()).toEqual(["'\rreturn", "'\tindented", "''=already quoted", "'+1", "'-1", "'=1+1", "'@SUM(1)", 'plain'].sort())
    const other = tempCore()
    await importCsv(other, out)
    expect(
      live(other)
        .map((s) => s.body)
        .sort(),
    ).toEqual(risky.sort())
  })
})

describe('the app imports its own CSV (defect 7)', () => {
  it('matches value names that contain commas, before splitting the cell', async () => {
    const core = tempCore()
    const adventurous = core.values.list().find((v) => v.name.includes(','))!
    expect(adventurous.name).toBe('Be adventurous, creative, and open-minded')
    const humble = valueId(core, 'humble')
    const csv = [
      'Title,Story,Name,Date,Values,Primary value',
      `Whole,Body,Bo,2025-01-01,"${adventurous.name}",`,
      `Mixed,Body,Bo,2025-01-01,"be humble, ${adventurous.name}","${adventurous.name}"`,
      `Slug,Body,Bo,2025-01-01,"${adventurous.slug}|humble",humble`,
      'Unknown,Body,Bo,2025-01-01,"Be humble, Be fabulous",',
    ].join('\n')
    const preview = core.csv.preview(b64(csv))
    const check = core.csv.check(preview.previewId, preview.suggested, 'draft')
    expect(check.problems).toMatchObject([
      { row: 5, code: 'csv.unknownValues', params: { names: 'Be fabulous' }, reason: 'Unknown core value: Be fabulous.' },
    ])
    await core.csv.import(preview.previewId, preview.suggested, 'draft')
    const byTitle = new Map(live(core).map((s) => [s.title, s]))
    expect(byTitle.get('Whole')!.valueIds).toEqual([adventurous.id])
    expect(new Set(byTitle.get('Mixed')!.valueIds)).toEqual(new Set([humble, adventurous.id]))
    expect(byTitle.get('Mixed')!.primaryValueId).toBe(adventurous.id)
    expect(byTitle.get('Slug')!.primaryValueId).toBe(humble)
  })

  it('export, import, export gives the same file for the demo library, and a re-import changes nothing', async () => {
    const demo = tempCore()
    seedDemoStories(demo)
    const first = demo.csv.export()
    expect(parse(first, { bom: true })).toHaveLength(33)

    // Into an empty library: every row comes in, with its own id.
    const fresh = tempCore()
    const result = await importCsv(fresh, first)
    expect(result.problems).toEqual([])
    expect(result.ok).toBe(32)
    expect(fresh.csv.export()).toBe(first)
    expect(
      live(fresh)
        .map((s) => s.id)
        .sort(),
    ).toEqual(
      live(demo)
        .map((s) => s.id)
        .sort(),
    )

    // Into the library it came from: nothing new, nothing touched.
    const before = live(demo)
    const revs = revisions(demo)
    const again = await importCsv(demo, first)
    expect(again).toMatchObject({ ok: 0, updated: 0, unchanged: 32, problems: [], backup: null })
    expect(countRows(demo, 'stories')).toBe(32)
    expect(revisions(demo)).toBe(revs)
    expect(live(demo)).toEqual(before)
    expect(demo.csv.export()).toBe(first)
  })

  it('updates a story by its id, keeping the old version as a revision', async () => {
    const core = tempCore()
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'Wedding shoes' })), 'submitted')
    const edited = core.csv.export().replace('Wedding shoes', 'Wedding shoes (corrected)').replace(',submitted,', ',approved,')
    const result = await importCsv(core, edited)
    expect(result).toMatchObject({ ok: 1, updated: 1, unchanged: 0, problems: [] })
    expect(countRows(core, 'stories')).toBe(1)
    const after = core.stories.get(story.id)
    expect([after.title, after.status]).toEqual(['Wedding shoes (corrected)', 'approved'])
    expect(after.updatedAt > story.updatedAt).toBe(true)
    expect(core.stories.revisions.list(story.id).map((r) => [r.reason, r.snapshot.title])).toEqual([['import', 'Wedding shoes']])
  })

  it('keeps the fields of columns the file does not have when it updates a story', async () => {
    const core = tempCore()
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'Shoes' })), 'approved')
    const csv = [
      'id,title,story,author,date,values',
      `${story.id},Shoes,New body,${story.author},${story.happenedOn},Deliver WOW through service`,
    ].join('\n')
    expect(await importCsv(core, csv)).toMatchObject({ ok: 1, updated: 1 })
    const after = core.stories.get(story.id)
    expect(after.body).toBe('New body')
    expect([after.team, after.customerContext, after.isRecovery, after.status, after.language]).toEqual([
      story.team,
      story.customerContext,
      story.isRecovery,
      'approved',
      story.language,
    ])
  })

  it('names the row for a bad id, an id used twice, and a story in the trash', async () => {
    const core = tempCore()
    const trashed = core.stories.create(storyFields.parse(storyInput(core, { title: 'Gone' })), 'draft')
    core.stories.trash(trashed.id)
    const fresh = '0b7d3f0e-8c1e-4c1a-9d55-1f0c3b8e2a11'
    const csv = [
      'id,title,story,author,date,values',
      `${fresh},New,Body,Bo,2025-01-01,Be humble`,
      `${fresh},Again,Body,Bo,2025-01-01,Be humble`,
      'row-7,Odd id,Body,Bo,2025-01-01,Be humble',
      `${trashed.id},Gone,Body,Bo,2025-01-01,Be humble`,
      ',No id,Body,Bo,2025-01-01,Be humble',
    ].join('\n')
    const preview = core.csv.preview(b64(csv))
    expect(preview.suggested.id).toBe(0)
    const check = core.csv.check(preview.previewId, preview.suggested, 'draft')
    expect(check.problems).toMatchObject([
      { row: 3, reason: 'The id is also on row 2; a story can be imported only once.' },
      {
        row: 4,
        reason: '“row-7” is not a story id. Leave the cell empty, or choose no column for “id”, to import the row as a new story.',
      },
      {
        row: 5,
        reason: 'The story with this id is in the trash. Restore it first, or leave the id cell empty to import the row as a new story.',
      },
    ])
    expect(check).toMatchObject({ ok: 2, updated: 0, unchanged: 0 })
    await core.csv.import(preview.previewId, preview.suggested, 'draft')
    expect(core.stories.get(fresh).title).toBe('New')
  })
})

describe('an older CSV never undoes a newer edit', () => {
  it('leaves out, and names, rows exported before the story changed; takes edits made on the current export', async () => {
    const core = tempCore()
    const kept = core.stories.create(storyFields.parse(storyInput(core, { title: 'Original title' })), 'draft')
    const other = core.stories.create(storyFields.parse(storyInput(core, { title: 'Second story' })), 'draft')
    const old = core.csv.export()
    // The correction made in the app after the export.
    core.stories.update(kept.id, storyFields.parse(storyInput(core, { title: 'Corrected title' })))
    const result = await importCsv(core, old)
    expect(core.stories.get(kept.id).title).toBe('Corrected title')
    expect(result.problems).toMatchObject([
      { row: 2, code: 'csv.changedSinceExport', reason: expect.stringMatching(/changed in the library after this file was exported/) },
    ])
    expect(result.unchanged).toBe(1)

    // A spreadsheet edit of the current export goes in, and a second import of that file changes nothing.
    const edited = core.csv.export().replace('Second story', 'Second story edited in a sheet')
    await importCsv(core, edited)
    expect(core.stories.get(other.id).title).toBe('Second story edited in a sheet')
    const before = core.stories.get(other.id).updatedAt
    const again = await importCsv(core, edited)
    expect(again).toMatchObject({ problems: [], unchanged: 2, ok: 0 })
    expect(core.stories.get(other.id).updatedAt).toBe(before)
  })
})
