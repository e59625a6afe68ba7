import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBook, type ExportResult } from '../../electron/core/book/book-export'
import type { BookModel } from '../../electron/core/book/book-model'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { seedDemoStories } from '../../electron/core/demo/demo-library'
import { storyFields } from '../../electron/core/stories/story-input'
import { SCREENSHOTS } from './browser-mode'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ROOT = resolve(import.meta.dirname, '../..')
const text = (pdf: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', pdf, '-'], { encoding: 'utf8' })

/**
 * The PDF read back with poppler: the page numbers printed in the contents and the contributors
 * index must be the pages where those chapters and stories really are.
 */
describe('the yearly book as a PDF', () => {
  let dir: string
  let core: CultureCore
  let book: BookModel
  let result: ExportResult
  let pdf: string
  let excludedTitle: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'culture-book-pdf-'))
    core = openCore(join(dir, 'library.sqlite'))
    seedDemoStories(core)
    // Every 2025 story goes in, but one is left out by the curator.
    const stories = core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1000, year: 2025 }).items
    for (const s of stories) if (s.status !== 'approved') core.stories.setStatus(s.id, 'approved')
    excludedTitle = stories[0].title
    // A very long account must flow across many pages with its title kept to its first lines.
    const longBody = Array.from({ length: 1500 }, (_, i) => `Paragraph ${i + 1} of the long story, told in full twenty words so that it runs well past a page.`).join('\n\n')
    const valueId = core.values.list()[0].id
    const long = core.stories.create(
      storyFields.parse({ title: 'The very long account', body: longBody, author: 'Ida Long', happenedOn: '2025-10-10', valueIds: [valueId], primaryValueId: valueId }),
      'draft',
    )
    core.stories.setStatus(long.id, 'approved')
    core.books.editions.update(2025, { company: 'Northwind Shoes', excludedStories: [stories[0].id], foreword: 'Æblegrød, smørrebrød, på gång, här och nu — café 🎉' })
    book = core.books.model(2025)
    pdf = join(dir, 'culture-book-2025.pdf')
    result = await exportBook(book, { format: 'pdf', outPath: pdf, printer: chromiumPrinter(CHROMIUM) })
  })

  afterAll(() => {
    core?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has a plausible page count and embeds every font', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
    expect(pages).toBe(result.pages)
    expect(pages).toBeGreaterThan(book.chapters.length + 4)
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/)
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(fonts.length).toBeGreaterThan(2)
    for (const line of fonts) expect(line).toMatch(/\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+0$/)
    expect(fonts.join('\n')).toMatch(/SourceSerif4/)
    // The foreword's emoji print from the shipped emoji font.
    expect(fonts.join('\n')).toMatch(/NotoEmoji/)
    expect(fonts.join('\n')).not.toMatch(/DejaVu|Liberation|FreeSerif/)
  })

  it('prints the right page numbers in the table of contents', () => {
    const contentsPage = [1, 2, 3, 4, 5].find((p) => text(pdf, p).includes('Contents'))!
    const contents = text(pdf, contentsPage)
    for (const chapter of book.chapters.slice(0, 4)) {
      const line = contents.split('\n').find((l) => l.includes(chapter.name.slice(0, 30)))!
      const printed = Number(/(\d+)\s*$/.exec(line)![1])
      // The opener of that chapter is on exactly that page.
      const opener = new RegExp(`^\\s*chapter ${chapter.number}\\s*$`, 'im')
      expect(text(pdf, printed)).toMatch(opener)
      expect(text(pdf, printed - 1)).not.toMatch(opener)
    }
  })

  it('prints the right pages in the contributors index', () => {
    const indexPage = Array.from({ length: result.pages! }, (_, i) => result.pages! - i).find((p) =>
      text(pdf, p).includes('Contributors'),
    )!
    const index = text(pdf, indexPage).replace(/\s+/g, ' ')
    const stories = new Map(book.chapters.flatMap((c) => c.stories).map((s) => [s.id, s]))
    for (const contributor of book.contributors.slice(0, 3)) {
      const entry = new RegExp(`${contributor.name}\\s+([\\d, ]+)`).exec(index)
      expect(entry, contributor.name).not.toBeNull()
      const pages = entry![1].split(',').map((p) => Number(p.trim())).filter(Boolean)
      contributor.storyIds.forEach((id, i) => {
        const title = stories.get(id)!.title
        expect(text(pdf, pages[i]).replace(/\s+/g, ' ')).toContain(title.replace(/\s+/g, ' ').slice(0, 25))
      })
    }
  })

  it('contains every included story, not the excluded one, and keeps Nordic letters', () => {
    const all = text(pdf).replace(/\s+/g, ' ')
    for (const s of book.chapters.flatMap((c) => c.stories)) expect(all).toContain(s.title.replace(/\s+/g, ' ').slice(0, 25))
    expect(all).not.toContain(excludedTitle)
    expect(all).toContain('Æblegrød, smørrebrød, på gång, här och nu — café')
  })

  it('has bookmarks for the chapters', () => {
    const dests = execFileSync('pdfinfo', ['-dests', pdf], { encoding: 'utf8' })
    expect(dests).toContain('"chapter-1"')
  })

  it('never strands a story title at the bottom of a page, and flows a 30,000-word story', () => {
    const pages = result.pages!
    let longPages = 0
    for (let p = 1; p <= pages; p++) {
      const page = text(pdf, p)
      if (page.includes('Paragraph ')) longPages++
      for (const s of book.chapters.flatMap((c) => c.stories)) {
        const head = s.title.slice(0, 25)
        const at = page.indexOf(head)
        if (at < 0) continue
        // After a title on the same page come its byline and the start of its text.
        expect(page.slice(at + head.length).replace(/\s+/g, ' ').length, `${s.title} on page ${p}`).toBeGreaterThan(200)
      }
    }
    expect(longPages).toBeGreaterThan(20)
  })

  it('renders pages worth looking at', () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    const opener = book.chapters[1].number
    const openerPage = Number(new RegExp(`(\\d+) \\[[^\\]]*\\] "chapter-${opener}"`).exec(execFileSync('pdfinfo', ['-dests', pdf], { encoding: 'utf8' }))![1])
    for (const page of [1, 3, openerPage]) {
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', String(page), '-l', String(page), pdf, join(SCREENSHOTS, `book-page-${page}`)])
    }
    expect(readdirSync(SCREENSHOTS).filter((f) => f.startsWith('book-page-')).length).toBeGreaterThanOrEqual(3)
  })

  it('makes the same book from the command line, and says how to point it at Chromium', () => {
    const out = join(dir, 'cli.pdf')
    const library = join(dir, 'library.sqlite')
    const run = spawnSync(process.execPath, [join(ROOT, 'out/main/book.js'), '--library', library, '--year', '2025', '--out', out, '--chromium', CHROMIUM], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/Wrote .*cli\.pdf \(\d+ pages\)/)
    const missing = spawnSync(process.execPath, [join(ROOT, 'out/main/book.js'), '--library', library, '--year', '2025', '--out', join(dir, 'x.pdf'), '--chromium', '/nowhere/chromium'], { encoding: 'utf8' })
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('Chromium was not found at "/nowhere/chromium"')
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false)
    const empty = spawnSync(process.execPath, [join(ROOT, 'out/main/book.js'), '--library', library, '--year', '2019', '--out', join(dir, 'y.pdf')], { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: CHROMIUM } })
    expect(empty.status).toBe(1)
    expect(empty.stderr).toMatch(/no stories for 2019/)
  })
})
