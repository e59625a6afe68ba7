import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { exportBook } from '../../electron/core/book/book-export'
import { noteText } from '../../electron/core/book/book-notes'
import { cssString, renderBook, withPageNumbers } from '../../electron/core/book/book-renderer'
import { typographicQuotes } from '../../electron/core/book/book-quotes'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { namedDestinationPages } from '../../electron/core/book/pdf-destinations'
import { writeFileAtomically } from '../../electron/core/book/atomic-file'
import type { BookPlan } from '../../electron/core/book/book-model'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { translator } from '../../electron/core/error-text'
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
  const c = add(core, {
    title: 'Charlie',
    author: 'Anna Berg',
    happenedOn: '2025-06-01',
    valueIds: [humble],
    primaryValueId: humble,
    team: 'Warehouse',
  })
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
      storyFields.parse(
        storyInput(core, {
          title: 'With a picture',
          happenedOn: '2025-07-07',
          body: 'Look ![shoe](https://example.com/shoe.png) here. Æble, øl, på, här, för.',
        }),
      ),
      'draft',
    )
    const story = core.stories
      .list({ sort: 'newest', trashed: false, offset: 0, limit: 10 })
      .items.find((s) => s.title === 'With a picture')!
    core.stories.setStatus(story.id, 'approved')
    const out = join(tempDir(), 'book.html')
    const result = await exportBook(core.books.model(2025), { format: 'html', outPath: out })
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('data:font/woff2;base64,')
    expect(html).toContain('.chapter-opener {')
    expect(html).not.toMatch(/<img\b/)
    expect(html).not.toContain('https://example.com/shoe.png"')
    expect(html).toContain('Æble, øl, på, här, för.')
    expect(result.notes).toEqual([
      { code: 'imageLeftOutOfStory', params: { src: 'https://example.com/shoe.png', title: 'With a picture' } },
    ])
    // The command line words the notes in English.
    expect(noteText(result.notes[0], translator('en'))).toMatch(
      /“With a picture”: an image \(https:\/\/example.com\/shoe.png\) was left out/,
    )
  })

  it('returns what it left out as codes, which read in Danish and Swedish', async () => {
    const { core } = setup()
    core.books.editions.update(2025, { foreword: 'Se ![logo](https://example.com/logo.png).', closing: 'Tak ![]().' })
    const result = await exportBook(core.books.model(2025), { format: 'html', outPath: join(tempDir(), 'book.html') })
    expect(result.notes.map((n) => n.code)).toEqual(['imageLeftOutOfForeword', 'imageLeftOutOfClosing'])
    expect(result.notes.map((n) => noteText(n, translator('da')))).toEqual([
      'Forordet: et billede (https://example.com/logo.png) er udeladt – bogen gengiver kun tekst.',
      'De afsluttende ord: et billede (uden adresse) er udeladt – bogen gengiver kun tekst.',
    ])
    expect(result.notes.map((n) => noteText(n, translator('sv')))).toEqual([
      'Förordet: en bild (https://example.com/logo.png) har utelämnats – boken återger bara text.',
      'Slutordet: en bild (ingen adress) har utelämnats – boken återger bara text.',
    ])
    const story = { code: 'imageLeftOutOfStory' as const, params: { src: 'a.png', title: 'Kaffe' } }
    expect(noteText(story, translator('da'))).toBe('»Kaffe«: et billede (a.png) er udeladt – bogen gengiver kun tekst.')
    expect(noteText(story, translator('sv'))).toBe('”Kaffe”: en bild (a.png) har utelämnats – boken återger bara text.')
  })

  it('leaves no file when cancelled', async () => {
    const { core } = setup()
    const dir = tempDir()
    const controller = new AbortController()
    controller.abort()
    const err = await exportBook(core.books.model(2025), {
      format: 'html',
      outPath: join(dir, 'book.html'),
      signal: controller.signal,
    }).catch((e) => e)
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

/** Text that ends every context it could be written into: a style block, a script, an attribute, an SVG. */
const HOSTILE = `</style><img src=x onerror=alert(1)></script><script>alert(2)</script>"'><svg onload=alert(3)>`

/** What a browser makes of the exported file: elements, attributes, the policy and each stylesheet. */
function parsed(html: string) {
  const { document } = new JSDOM(html).window
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''
  const handlers = [...document.querySelectorAll('*')].flatMap((el) =>
    [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`),
  )
  const styles = [...document.querySelectorAll('style')].map((s) => s.textContent ?? '')
  return { document, policy, handlers, styles }
}

const unescapeCss = (css: string) => css.replace(/\\([0-9a-f]{1,6}) ?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))

describe('a book made of hostile text', () => {
  function hostileBook() {
    const core = tempCore()
    const value = core.values.create({ name: `Be brave ${HOSTILE}`.slice(0, 120), description: HOSTILE, color: '#123456' })
    // A colour that never passed the contract (an old row, a hand-made pack) must not reach CSS or SVG either.
    const other = valueId(core, 'humble')
    core.db.prepare('UPDATE core_values SET color = ? WHERE id = ?').run('red;}</style><script>alert(5)</script>', other)
    for (const [primary, title] of [
      [value.id, `Title ${HOSTILE}`],
      [other, 'Plain title'],
    ] as const) {
      add(core, {
        title,
        author: `Author ${HOSTILE}`,
        team: `Team ${HOSTILE}`.slice(0, 120),
        customerContext: HOSTILE,
        body: `Body text <img src=x onerror=alert(4)> <script>alert(6)</script> [link](javascript:alert(7))\n\n${HOSTILE}`,
        happenedOn: '2025-04-04',
        valueIds: [primary],
        primaryValueId: primary,
      })
    }
    core.books.editions.open(2025)
    core.books.editions.update(2025, { title: `Book ${HOSTILE}`, subtitle: HOSTILE, company: HOSTILE, foreword: HOSTILE, closing: HOSTILE })
    // Printed with typographic quotes (book-quotes.ts): the text a reader sees, all of it.
    return { core, name: typographicQuotes(value.name, 'en') }
  }

  it('exports HTML where no person’s text becomes markup, under a policy that allows no script', async () => {
    const { core, name } = hostileBook()
    const out = join(tempDir(), 'book.html')
    await exportBook(core.books.model(2025), { format: 'html', outPath: out })
    const { document, policy, handlers, styles } = parsed(readFileSync(out, 'utf8'))
    expect(document.querySelectorAll('script, img, iframe, object, embed, link, base, meta[http-equiv="refresh"]')).toHaveLength(0)
    expect(handlers).toEqual([])
    expect([...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !h!.startsWith('#'))).toEqual([])
    // The text is still there, as text.
    expect([...document.querySelectorAll('.chapter-opener h1')].map((h) => h.textContent)).toContain(name)
    expect(document.querySelector('title')!.textContent).toBe(typographicQuotes(`Book ${HOSTILE}`, 'en'))
    expect(document.querySelector('.story .byline')!.textContent).toContain(typographicQuotes(`Author ${HOSTILE}`, 'en'))
    // The chart wraps a long name onto lines of its own (tspans), so its text is compared without the line breaks.
    const noSpace = (text: string) => text.replace(/\s+/g, '')
    expect(noSpace(document.querySelector('svg[role="img"]')!.textContent!)).toContain(noSpace(name))
    // The policy: nothing by default, no script, and exactly the book's own stylesheets.
    expect(policy).toMatch(/^default-src 'none'; /)
    expect(policy).not.toMatch(/script-src|unsafe-inline|unsafe-eval|\*|https?:/)
    expect(styles).toHaveLength(3)
    for (const css of styles) {
      expect(css).not.toContain('<')
      expect(policy).toContain(`'sha256-${createHash('sha256').update(css).digest('base64')}'`)
    }
    // The running head still reads the value's name, from an escaped CSS string.
    expect(unescapeCss(styles[2])).toContain(`content: "${name}"`)
    expect(styles[2]).not.toContain('red;')
    expect([...document.querySelectorAll('svg rect')].map((r) => r.getAttribute('fill')).sort()).toEqual(['#123456', '#888888'])
  })

  it('renders the PDF version with the same policy, fonts served from its own origin', () => {
    const { core } = hostileBook()
    const { html } = renderBook(core.books.model(2025), { fontCss: '' })
    const { document, policy, handlers } = parsed(html)
    expect(document.querySelectorAll('script, img')).toHaveLength(0)
    expect(handlers).toEqual([])
    expect(policy).toContain("font-src 'self'")
    expect(policy).not.toContain('script-src')
  })

  it('escapes every character of a CSS string that could end it', () => {
    expect(cssString('Be "humble"\\ </style>\n😀')).toBe('"Be \\22 humble\\22 \\5c  \\3c \\2f style\\3e \\a \\1f600 "')
    expect(unescapeCss(cssString('Be "humble"\\ </style>\n😀'))).toBe('"Be "humble"\\ </style>\n😀"')
  })

  it('writes page numbers into the HTML itself, so printing needs no script', () => {
    const { core } = setup()
    const book = core.books.model(2025)
    const { html, targets } = renderBook(book, { fontCss: '' })
    const numbered = withPageNumbers(html, new Map(targets.map((t, i) => [t, i + 5])))
    const refs = [...new JSDOM(numbered).window.document.querySelectorAll('.page-ref')]
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) expect(ref.textContent).toBe(String(targets.indexOf(ref.getAttribute('data-target')!) + 5))
  })
})

describe('the Chromium printer', () => {
  it('prints with JavaScript off: a script in the page changes nothing', async () => {
    // Each id that a link points at becomes a named destination in the PDF; the script would add one.
    const html = `<!doctype html><html><body><p><a href="#static">static</a></p><h1 id="static">Static</h1>
<script>document.body.insertAdjacentHTML('beforeend', '<a href="#ran">ran</a><h1 id="ran">Ran</h1>')</script>
<img src="data:," onerror="document.body.insertAdjacentHTML('beforeend', '<a href=#handler>h</a><h1 id=handler>H</h1>')"></body></html>`
    const session = await chromiumPrinter().open(html, () => null)
    try {
      const pages = await namedDestinationPages(await session.print())
      expect([...pages.keys()]).toEqual(['static'])
    } finally {
      await session.close()
    }
  })
})

describe('a chapter whose stories are all left out', () => {
  it('stays on the plan with its excluded story, prints nothing, and is not a gap', async () => {
    const { core, humble, change, c } = setup()
    core.books.editions.update(2025, { excludedStories: [c.id] })
    const book = core.books.model(2025)
    // Humble's only story is left out: no chapter prints, but it is no gap "with no stories in 2025" either.
    expect(book.chapters.map((ch) => ch.valueId)).not.toContain(humble)
    expect(book.gaps.map((g) => g.valueId)).not.toContain(humble)
    expect(book.gaps.map((g) => g.valueId)).toContain(change)
    expect(book.gaps).toHaveLength(8)
    const answer = await createDispatch(core)('book.plan', { year: 2025 })
    if (!answer.ok) throw new Error(answer.error.message)
    const plan = answer.value as BookPlan
    expect(plan.chapters.map((ch) => [ch.name, ch.number, ch.stories.length, ch.excluded.map((s) => s.title)])).toEqual([
      ['Deliver WOW through service', 1, 2, []],
      ['Be humble', null, 0, ['Charlie']],
    ])
    // Taken back in, it prints again.
    core.books.editions.update(2025, { excludedStories: [] })
    expect(core.books.model(2025).chapters.map((ch) => ch.valueId)).toContain(humble)
  })

  it('keeps a dropped chapter with stories on the plan, so it can be kept again', () => {
    const { core, humble } = setup()
    core.books.editions.update(2025, { droppedValues: [humble] })
    const book = core.books.model(2025)
    expect(book.chapters.map((ch) => ch.valueId)).not.toContain(humble)
    expect(book.curated.find((ch) => ch.valueId === humble)).toMatchObject({ number: null, dropped: true, stories: [{ title: 'Charlie' }] })
  })
})

describe('the year the book page opens on', () => {
  const thisYear = new Date().getFullYear()
  const opensOn = async (core: CultureCore) => {
    const answer = await createDispatch(core)('editions.list', {})
    if (!answer.ok) throw new Error(answer.error.message)
    return (answer.value as { opensOn: number | null }).opensOn
  }

  it('is the latest year with stories the book prints, not the current year with none approved', async () => {
    const core = tempCore()
    expect(await opensOn(core)).toBeNull()
    add(core, { title: 'Two years ago', happenedOn: `${thisYear - 2}-03-01` })
    add(core, { title: 'Last year', happenedOn: `${thisYear - 1}-03-01` })
    add(core, { title: 'This year, a draft', happenedOn: `${thisYear}-01-02` }, 'draft')
    add(core, { title: 'This year, submitted', happenedOn: `${thisYear}-01-03` }, 'submitted')
    expect(await opensOn(core)).toBe(thisYear - 1)
    // An edition that prints submitted stories too has something to print this year.
    core.books.editions.open(thisYear)
    await new Promise((done) => setTimeout(done, 5))
    core.books.editions.update(thisYear, { statuses: ['approved', 'submitted'] })
    expect(await opensOn(core)).toBe(thisYear)
  })

  it('is the edition the curator changed last, while it has stories to print', async () => {
    const core = tempCore()
    add(core, { title: 'Two years ago', happenedOn: `${thisYear - 2}-03-01` })
    add(core, { title: 'Last year', happenedOn: `${thisYear - 1}-03-01` })
    core.books.editions.open(thisYear - 2)
    core.books.editions.open(thisYear)
    await new Promise((done) => setTimeout(done, 5))
    core.books.editions.update(thisYear - 2, { title: 'The book we are making' })
    expect(await opensOn(core)).toBe(thisYear - 2)
    // A later change to a year with nothing to print does not make the page open on it.
    await new Promise((done) => setTimeout(done, 5))
    core.books.editions.update(thisYear, { title: 'Not yet' })
    expect(await opensOn(core)).toBe(thisYear - 2)
  })
})
