import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportBook } from '../../electron/core/book/book-export'
import { writeFileAtomically } from '../../electron/core/book/atomic-file'
import type { CultureCore } from '../../electron/core/culture-core'
import { CultureError } from '../../electron/core/errors'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir, thrown, valueId } from './temp-library'

function add(core: CultureCore, overrides: Partial<StoryFieldsInput>, status: 'draft' | 'approved' | 'submitted' = 'approved') {
  const story = core.stories.create(storyFields.parse(storyInput(core, overrides)), 'draft')
  return status === 'draft' ? story : core.stories.setStatus(story.id, status)
}

function setup() {
  const core = tempCore()
  const wow = valueId(core, 'deliver-wow')
  const humble = valueId(core, 'humble')
  const change = valueId(core, 'embrace-change')
  const a = add(core, { title: 'Alpha', author: 'Zoe Lund', happenedOn: '2025-03-01', valueIds: [wow], primaryValueId: wow })
  const b = add(core, { title: 'Bravo', author: 'Anna Berg', happenedOn: '2025-01-10', valueIds: [wow, humble], primaryValueId: wow })
  const c = add(core, { title: 'Charlie', author: 'Anna Berg', happenedOn: '2025-06-01', valueIds: [humble], primaryValueId: humble, team: 'Warehouse' })
  const draft = add(core, { title: 'Draft one', happenedOn: '2025-02-02', valueIds: [humble], primaryValueId: humble }, 'draft')
  const other = add(core, { title: 'Other year', happenedOn: '2024-05-05', valueIds: [wow], primaryValueId: wow })
  return { core, wow, humble, change, a, b, c, draft, other }
}

describe('book composition', () => {
  it('puts the year’s approved stories in their primary value’s chapter, in value order', () => {
    const { core, wow, humble, a, b, c } = setup()
    const book = core.books.model(2025)
    expect(book.edition.title).toBe('Culture Book 2025')
    expect(book.chapters.map((ch) => ch.valueId)).toEqual([wow, humble])
    expect(book.chapters[0].stories.map((s) => s.id)).toEqual([b.id, a.id])
    expect(book.chapters[1].stories.map((s) => s.id)).toEqual([c.id])
    expect(book.storyCount).toBe(3)
    expect(book.chapters[0].estimatedPages).toBeGreaterThanOrEqual(2)
  })

  it('lists values without stories as gaps, and honours dropped chapters and other statuses', () => {
    const { core, change, humble, draft } = setup()
    const book = core.books.model(2025)
    expect(book.gaps.map((g) => g.valueId)).toContain(change)
    expect(book.gaps).toHaveLength(8)
    core.books.editions.update(2025, { droppedValues: [humble], statuses: ['approved', 'draft'] })
    const changed = core.books.model(2025)
    expect(changed.chapters.map((ch) => ch.valueId)).not.toContain(humble)
    const withDrafts = core.books.editions.update(2025, { droppedValues: [] })
    expect(withDrafts.statuses).toEqual(['approved', 'draft'])
    expect(core.books.model(2025).chapters.flatMap((ch) => ch.stories.map((s) => s.id))).toContain(draft.id)
  })

  it('excludes and reorders single stories, and reorders chapters', () => {
    const { core, wow, humble, a, b } = setup()
    core.books.editions.update(2025, {
      excludedStories: [b.id],
      chapterOrder: [humble, wow],
      storyOrder: { [wow]: [a.id] },
    })
    const book = core.books.model(2025)
    expect(book.chapters.map((ch) => ch.valueId)).toEqual([humble, wow])
    expect(book.chapters[1].stories.map((s) => s.id)).toEqual([a.id])
    expect(book.chapters[1].excluded.map((s) => s.id)).toEqual([b.id])
  })

  it('indexes contributors alphabetically with their stories, and counts teams', () => {
    const { core, b, c, a } = setup()
    const book = core.books.model(2025)
    expect(book.contributors).toEqual([
      { name: 'Anna Berg', storyIds: [b.id, c.id] },
      { name: 'Zoe Lund', storyIds: [a.id] },
    ])
    expect(book.teams).toEqual(['Customer Loyalty', 'Warehouse'])
  })

  it('keeps last year’s edition as it was when this year’s is made', () => {
    const { core } = setup()
    core.books.editions.open(2024)
    core.books.editions.update(2024, { title: 'The 2024 book', company: 'Northwind Shoes' })
    core.books.editions.open(2025)
    expect(core.books.editions.find(2024)).toMatchObject({ title: 'The 2024 book', company: 'Northwind Shoes' })
    expect(core.books.editions.list().map((e) => e.year)).toEqual([2025, 2024])
  })
})

describe('book export', () => {
  it('refuses an empty year with a clear message and writes nothing', async () => {
    const { core } = setup()
    const out = join(tempDir(), 'empty.pdf')
    const err = await exportBook(core.books.model(2019), { format: 'html', outPath: out }).catch((e) => e)
    expect(err).toBeInstanceOf(CultureError)
    expect(err.message).toMatch(/no stories for 2019/)
    expect(existsSync(out)).toBe(false)
  })

  it('writes a self-contained HTML book with fonts inlined and nothing remote', async () => {
    const { core } = setup()
    core.stories.create(
      storyFields.parse(storyInput(core, { title: 'With a picture', happenedOn: '2025-07-07', body: 'Look ![shoe](https://example.com/shoe.png) here. Æble, øl, på, här, för.' })),
      'draft',
    )
    const story = core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).items.find((s) => s.title === 'With a picture')!
    core.stories.setStatus(story.id, 'approved')
    const out = join(tempDir(), 'book.html')
    const result = await exportBook(core.books.model(2025), { format: 'html', outPath: out })
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('data:font/woff2;base64,')
    expect(html).toContain('.chapter-opener {')
    expect(html).not.toMatch(/<img\b/)
    expect(html).not.toContain('https://example.com/shoe.png"')
    expect(html).toContain('Æble, øl, på, här, för.')
    expect(result.notes.join(' ')).toMatch(/“With a picture”: an image \(https:\/\/example.com\/shoe.png\) was left out/)
  })

  it('leaves no file when cancelled', async () => {
    const { core } = setup()
    const dir = tempDir()
    const controller = new AbortController()
    controller.abort()
    const err = await exportBook(core.books.model(2025), { format: 'html', outPath: join(dir, 'book.html'), signal: controller.signal }).catch((e) => e)
    expect(err.message).toMatch(/cancelled/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('names the folder it cannot write to', () => {
    const dir = join(tempDir(), 'no-such-folder')
    const err = thrown<CultureError>(() => writeFileAtomically(join(dir, 'book.pdf'), 'x'))
    expect(err.message).toBe(`Cannot write to the folder "${dir}": ENOENT.`)
  })

  it('replaces a file whole, and leaves no temporary file behind', () => {
    const dir = tempDir()
    const file = join(dir, 'book.pdf')
    writeFileAtomically(file, 'old')
    writeFileAtomically(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['book.pdf'])
  })
})
