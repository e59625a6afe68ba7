import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { parseLooseDate } from '../../electron/core/exchange/date-formats'
import { exportMarkdownFolder, readMarkdownFolder } from '../../electron/core/exchange/markdown-folder'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
const count = (core: CultureCore) => (core.db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n

describe('dates as spreadsheets write them', () => {
  it.each([
    ['2026-03-14', '2026-03-14'],
    ['14.03.2026', '2026-03-14'],
    ['14/3/2026', '2026-03-14'],
    ['2026/03/14', '2026-03-14'],
    ['14 March 2026', '2026-03-14'],
    ['14. marts 2026', '2026-03-14'],
    ['March 14, 2026', '2026-03-14'],
    ['2026-03-14T10:22:00Z', '2026-03-14'],
    ['31.02.2026', null],
    ['next tuesday', null],
  ])('%s → %s', (input, expected) => {
    expect(parseLooseDate(input)).toBe(expected)
  })
})

describe('CSV import from a story form', () => {
  const csv = [
    'Timestamp,Title,Your story,Your name,Team,Date,Values',
    '1,Wedding shoes,"The parcel went astray, we sent a new pair.",Maja Holm,Returns,14.03.2026,"Deliver WOW through service; Be humble"',
    '2,,A story without a title,Bo,Returns,2026-03-15,humble',
    '3,Bad date,Text,Bo,Returns,32.13.2026,humble',
    '4,Unknown value,Text,Bo,Returns,2026-03-15,Be fabulous',
    '5,Blomster til begravelsen,Vi sendte blomster til begravelsen og et kort til familien.,Jens,Kundeservice,1 april 2026,Be humble|Deliver WOW through service',
  ].join('\n')

  it('guesses the columns, lists problem rows by number, and imports the good ones together', async () => {
    const core = tempCore()
    const preview = core.csv.preview(b64(csv))
    expect(preview.rowCount).toBe(5)
    expect(preview.suggested).toMatchObject({ title: 1, body: 2, author: 3, team: 4, happenedOn: 5, values: 6 })
    const mapping = preview.suggested
    const check = core.csv.check(preview.previewId, mapping, 'submitted')
    expect(check.ok).toBe(2)
    expect(check.problems).toMatchObject([
      // The field by its label, never its raw name ("title:").
      { row: 3, reason: 'Title: Give the story a title.' },
      { row: 4, reason: '“32.13.2026” is not a date this import understands.' },
      { row: 5, reason: 'Unknown core value: Be fabulous.' },
    ])
    const result = await core.csv.import(preview.previewId, mapping, 'submitted')
    expect(result.ok).toBe(2)
    const stories = core.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 10 }).items
    expect(stories.map((s) => [s.title, s.happenedOn, s.status, s.valueIds.length])).toEqual([
      ['Blomster til begravelsen', '2026-04-01', 'submitted', 2],
      ['Wedding shoes', '2026-03-14', 'submitted', 2],
    ])
    expect(stories[0].language).toBe('da')
  })

  it('refuses a file that is not UTF-8, and imports nothing when no row is good', async () => {
    const core = tempCore()
    const latin1 = Buffer.from('Title,Story\nBlåbær,Æble\n', 'latin1').toString('base64')
    expect(() => core.csv.preview(latin1)).toThrow(/not UTF-8 text/)
    const preview = core.csv.preview(b64('Title,Story,Name,Date,Values\n,,,,\n'))
    await expect(core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'draft')).rejects.toThrow(
      /No row can be imported/,
    )
    expect(count(core)).toBe(0)
  })

  it('stops a cancelled import before writing anything', async () => {
    const core = tempCore()
    const lines = ['Title,Story,Name,Date,Values']
    for (let i = 0; i < 10_000; i++) lines.push(`Story ${i},Body ${i} told.,Writer,2025-01-01,Be humble`)
    const preview = core.csv.preview(b64(lines.join('\n')))
    const controller = new AbortController()
    const phases: number[] = []
    const run = core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'draft', {
      signal: controller.signal,
      progress: (_phase, f) => {
        phases.push(f)
        if (f > 0.3) controller.abort()
      },
    })
    await expect(run).rejects.toThrow(/cancelled\. Nothing was imported/)
    expect(phases.length).toBeGreaterThan(1)
    expect(count(core)).toBe(0)
  })

  it('handles 100,000 rows in one go', async () => {
    const core = tempCore()
    const lines = ['Title,Story,Name,Date,Values']
    for (let i = 0; i < 100_000; i++)
      lines.push(`Story ${i},"Body of story ${i}, told briefly.",Writer ${i % 50},2025-0${1 + (i % 9)}-1${i % 9},Be humble`)
    lines[5000] = 'Broken,,Nobody,not a date,Be humble'
    const preview = core.csv.preview(b64(lines.join('\n')))
    const result = await core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'approved')
    expect(result.ok).toBe(99_999)
    expect(result.problems).toMatchObject([
      { row: 5001, code: 'csv.notADate', params: { text: 'not a date' }, reason: '“not a date” is not a date this import understands.' },
    ])
    expect(count(core)).toBe(99_999)
  }, 120_000)

  it('exports UTF-8 with a BOM, and neutralises formulas', () => {
    const core = tempCore()
    core.stories.create(
      storyFields.parse(storyInput(core, { title: '=HYPERLINK("http://evil","click")', body: 'Blåbær; "quoted"' })),
      'draft',
    )
    const out = core.csv.export()
    expect(out.startsWith('\uFEFFid,revision,title,story')).toBe(true)
    expect(out).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`)
    expect(out).toContain('"Blåbær; ""quoted"""')
  })
})

describe('the Markdown folder', () => {
  it('writes one file per story with front matter, and reads it back into another library', async () => {
    const a = tempCore()
    a.stories.create(
      storyFields.parse(
        storyInput(a, { title: 'Æble på vej', body: '# Heading\n\nKunden var **glad**.\n\n---\n\nAfter a rule.', language: 'da' }),
      ),
      'draft',
    )
    a.stories.create(storyFields.parse(storyInput(a, { title: 'Second', customerContext: null })), 'draft')
    const folder = join(tempDir(), 'md')
    expect(exportMarkdownFolder(folder, a.stories, a.values).count).toBe(2)
    const files = readdirSync(folder)
    expect(files.every((f) => f.endsWith('.md'))).toBe(true)
    expect(
      readFileSync(
        join(
          folder,
          files.find((f) => f.startsWith('aeble'))!,
        ),
        'utf8',
      ),
    ).toMatch(/^---\nid: [0-9a-f-]{36}\ntitle: Æble på vej\n/)

    writeFileSync(join(folder, 'notes.md'), '# Just notes\n\nNo front matter here.')
    const b = tempCore()
    const { pack, refused } = readMarkdownFolder(folder, b.values)
    expect(refused).toMatchObject([
      { file: 'notes.md', code: 'markdown.noFrontMatter', reason: 'it has no front matter (the --- block with id, values and dates).' },
    ])
    const preview = b.packs.preview(pack)
    expect(preview.fresh).toHaveLength(2)
    await b.packs.apply(preview.previewId, {}, {})
    const back = b.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 10 }).items.map((s) => b.stories.get(s.id))
    const orig = a.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 10 }).items.map((s) => a.stories.get(s.id))
    expect(back.map((s) => [s.id, s.title, s.body, s.customerContext, s.happenedOn, s.updatedAt])).toEqual(
      orig.map((s) => [s.id, s.title, s.body, s.customerContext, s.happenedOn, s.updatedAt]),
    )
  })

  it('lists a file whose front matter has a bad date or status, and still reads the others', async () => {
    const a = tempCore()
    a.stories.create(storyFields.parse(storyInput(a, { title: 'Good one' })), 'draft')
    a.stories.create(storyFields.parse(storyInput(a, { title: 'Bad date' })), 'draft')
    a.stories.create(storyFields.parse(storyInput(a, { title: 'Bad status' })), 'draft')
    const folder = join(tempDir(), 'md')
    exportMarkdownFolder(folder, a.stories, a.values)
    const fileOf = (title: string) => readdirSync(folder).find((f) => readFileSync(join(folder, f), 'utf8').includes(`title: ${title}`))!
    const dated = fileOf('Bad date')
    writeFileSync(join(folder, dated), readFileSync(join(folder, dated), 'utf8').replace(/updated_at: .*/, 'updated_at: last Tuesday'))
    const statused = fileOf('Bad status')
    writeFileSync(join(folder, statused), readFileSync(join(folder, statused), 'utf8').replace(/status: .*/, 'status: published'))
    const { pack, refused } = readMarkdownFolder(folder, a.values)
    expect(pack.stories.map((s) => s.title)).toEqual(['Good one'])
    expect(new Map(refused.map((r) => [r.file, r.reason]))).toEqual(
      new Map([
        [dated, expect.stringMatching(/^its updated_at: “last Tuesday” is not a real date and time/)],
        [statused, 'its status must be one of draft, submitted, approved, archived.'],
      ]),
    )
    // The good file still goes through the pack preview.
    expect(tempCore().packs.preview(pack).fresh).toHaveLength(1)
  })

  it('says so for a folder that is not one', () => {
    const core = tempCore()
    const file = join(tempDir(), 'file.txt')
    writeFileSync(file, 'x')
    expect(() => readMarkdownFolder(file, core.values)).toThrow(/is not a folder/)
    mkdirSync(join(tempDir(), 'empty'))
  })
})
