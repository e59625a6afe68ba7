import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { SOFT_HYPHEN, hyphenateHtml } from '../../electron/core/book/book-hyphens'
import { typographicQuotes } from '../../electron/core/book/book-quotes'
import { renderBook, withPageNumbers } from '../../electron/core/book/book-renderer'
import type { BookLanguage } from '../../electron/core/book/edition'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, valueId } from './temp-library'

function add(core: CultureCore, overrides: Partial<StoryFieldsInput>) {
  const story = core.stories.create(storyFields.parse(storyInput(core, overrides)), 'draft')
  return core.stories.setStatus(story.id, 'approved')
}

const DANISH =
  'Kunden havde bestilt brudesko til bryllupsdagen, men fragtfirmaet sendte pakken til den forkerte by. Arbejdsmiljørepræsentanten fandt et par på lageret, og en kollega kørte dem ud samme aften. Se https://example.com/fragtselskabet og `fragtselskabets-kode`.'
const SWEDISH =
  'Kunden hade beställt regnjackan till fjällvandringen, men leveransen försenades av transportföretaget. Kundtjänstmedarbetaren ringde upp och skickade en ersättningsjacka med expressleverans samma eftermiddag.'

/** A Danish, a Swedish and an English story with quotes and apostrophes in every field, in a book of `language`. */
function book(language: BookLanguage) {
  const core = tempCore()
  const wow = valueId(core, 'deliver-wow')
  const base = { valueIds: [wow], primaryValueId: wow, happenedOn: '2025-05-05' }
  add(core, {
    ...base,
    language: 'da',
    title: 'Skoene til "den store dag"',
    author: "Mette 'Møller' Holm",
    body: `Hun sagde "tak". ${DANISH}`,
  })
  add(core, {
    ...base,
    language: 'sv',
    title: 'Jackan som kom "i tid"',
    author: 'Åsa Ek',
    team: "Kundtjänst 'Norr'",
    body: `Han sa "tack". ${SWEDISH}`,
  })
  add(core, { ...base, language: 'en', title: 'Kim\'s "big" day', author: "Sean O'Brien", body: 'She said "thanks" and \'meant it\'.' })
  core.books.editions.update(2025, { language, title: 'The "good" year', subtitle: "Our 'best' stories" })
  const { html } = renderBook(core.books.model(2025), { fontCss: '' })
  const { document } = new JSDOM(html).window
  const story = (lang: string) => document.querySelector(`article.story[lang="${lang}"]`)!
  return { html, document, story }
}

describe('hyphenation in the printed book', () => {
  it('puts soft hyphens into the long words of Danish and Swedish stories, by each story’s language', () => {
    const { story } = book('en')
    const da = story('da').querySelector('.body')!.textContent!
    const sv = story('sv').querySelector('.body')!.textContent!
    // Danish patterns: Ar-bejds-mil-jø…; Swedish: Kund-tjänst-med-ar-be-ta-ren.
    expect(da).toContain(`Ar${SOFT_HYPHEN}bejds${SOFT_HYPHEN}mil${SOFT_HYPHEN}jø`)
    expect(sv).toContain(`Kund${SOFT_HYPHEN}tjänst${SOFT_HYPHEN}med${SOFT_HYPHEN}ar${SOFT_HYPHEN}be${SOFT_HYPHEN}ta${SOFT_HYPHEN}re`)
    // Without the soft hyphens the text is the story's, word for word.
    expect(da.replaceAll(SOFT_HYPHEN, '')).toContain(DANISH.slice(0, 60))
    // Never inside a link, its address or code; never in the title.
    const link = story('da').querySelector('.body a')!
    expect(link.getAttribute('href')).toBe('https://example.com/fragtselskabet')
    expect(link.textContent).toBe('https://example.com/fragtselskabet')
    expect(story('da').querySelector('.body code')!.textContent).toBe('fragtselskabets-kode')
    expect(story('da').querySelector('h2')!.textContent).not.toContain(SOFT_HYPHEN)
  })

  it('breaks no word too near its ends, and leaves tags, attributes and entities alone', () => {
    const html = hyphenateHtml(
      '<p title="kundeservicemedarbejder">kundeservice &amp; Tom&amp;Jerry <a href="#x">kundeservice</a> <pre><code>kundeservice</code></pre> kundeservice</p>',
      'da',
    )
    expect(html).toBe(
      `<p title="kundeservicemedarbejder">kun${SOFT_HYPHEN}de${SOFT_HYPHEN}ser${SOFT_HYPHEN}vice &amp; Tom&amp;Jerry <a href="#x">kundeservice</a> <pre><code>kundeservice</code></pre> kun${SOFT_HYPHEN}de${SOFT_HYPHEN}ser${SOFT_HYPHEN}vice</p>`,
    )
  })
})

describe('typographic quotes in the printed book', () => {
  it('sets each story in its own language’s quotes, body and plain fields alike', () => {
    const { story } = book('en')
    const da = story('da')
    const sv = story('sv')
    const en = story('en')
    const clean = (el: Element, selector: string) => el.querySelector(selector)!.textContent!.replaceAll(SOFT_HYPHEN, '')
    expect(clean(da, 'h2')).toBe('Skoene til »den store dag«')
    expect(clean(da, '.byline')).toContain('Mette ›Møller‹ Holm')
    expect(clean(da, '.body')).toContain('Hun sagde »tak«.')
    expect(clean(sv, 'h2')).toBe('Jackan som kom ”i tid”')
    expect(clean(sv, '.byline')).toContain('Kundtjänst ’Norr’')
    expect(clean(sv, '.body')).toContain('Han sa ”tack”.')
    expect(clean(en, 'h2')).toBe('Kim’s “big” day')
    expect(clean(en, '.byline')).toContain('Sean O’Brien')
    expect(clean(en, '.body')).toContain('She said “thanks” and ‘meant it’.')
  })

  it('sets the edition’s own fields, the contents and the index in the edition’s language', () => {
    const { document, html } = book('da')
    expect(document.querySelector('.title-page h1')!.textContent).toBe('The »good« year')
    expect(document.querySelector('.title-page .subtitle')!.textContent).toBe('Our ›best‹ stories')
    expect(document.querySelector('title')!.textContent).toBe('The »good« year')
    const names = [...document.querySelectorAll('.contributors .name')].map((n) => n.textContent)
    expect(names).toEqual(expect.arrayContaining(['Mette ›Møller‹ Holm', 'Sean O’Brien']))
    // No straight quote is left in any text the reader sees.
    const visible = [...document.querySelectorAll('body *')].flatMap((el) =>
      [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent),
    )
    expect(visible.join('')).not.toMatch(/["']/)
    expect(html).toContain('lang="da"')
  })

  it('follows each language’s convention, and keeps every other character as typed', () => {
    expect(typographicQuotes("\"Hi,\" she said, 'it's me'", 'en')).toBe('“Hi,” she said, ‘it’s me’')
    expect(typographicQuotes('"Hej," sagde hun', 'da')).toBe('»Hej,« sagde hun')
    expect(typographicQuotes('"Hej," sa hon', 'sv')).toBe('”Hej,” sa hon')
    expect(typographicQuotes("*not* <b> `code` \\ & the '90s", 'en')).toBe('*not* <b> `code` \\ & the ’90s')
  })
})

describe('the contents and the index', () => {
  function twoChapters() {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    const humble = valueId(core, 'humble')
    const stories = [
      add(core, { title: 'First "one"', author: 'Anna Berg', valueIds: [wow], primaryValueId: wow, happenedOn: '2025-01-01' }),
      add(core, { title: 'Second', author: 'Anna Berg', valueIds: [wow], primaryValueId: wow, happenedOn: '2025-01-02' }),
      add(core, { title: 'Third', author: 'Anna Berg', valueIds: [humble], primaryValueId: humble, happenedOn: '2025-01-03' }),
      add(core, { title: 'Fourth', author: 'Anna Berg', valueIds: [humble], primaryValueId: humble, happenedOn: '2025-01-04' }),
      add(core, { title: 'Fifth', author: 'Anna Berg', valueIds: [humble], primaryValueId: humble, happenedOn: '2025-01-05' }),
    ]
    return { core, stories, model: core.books.model(2025) }
  }

  it('lists each chapter’s stories under it, with their pages, and only the chapters in a very long book', () => {
    const { model, stories } = twoChapters()
    const { document } = new JSDOM(renderBook(model, { fontCss: '' }).html).window
    const chapters = [...document.querySelectorAll('.toc > ol > li')].slice(0, 2)
    expect(
      chapters.map((li) => [...li.querySelectorAll('.stories a:not(.page-ref)')].map((a) => [a.textContent, a.getAttribute('href')])),
    ).toEqual([
      [
        ['First “one”', `#story-${stories[0].id}`],
        ['Second', `#story-${stories[1].id}`],
      ],
      [
        ['Third', `#story-${stories[2].id}`],
        ['Fourth', `#story-${stories[3].id}`],
        ['Fifth', `#story-${stories[4].id}`],
      ],
    ])
    expect(chapters[0].querySelectorAll('.stories .page-ref')).toHaveLength(2)
    // 401 stories: chapters only.
    model.chapters[0].stories = Array.from({ length: 401 }, () => model.chapters[0].stories[0])
    model.storyCount = 401 + model.chapters[1].stories.length
    const long = new JSDOM(renderBook(model, { fontCss: '' }).html).window.document
    expect(long.querySelectorAll('.toc .stories')).toHaveLength(0)
    expect(long.querySelectorAll('.toc > ol > li')).toHaveLength(4)
  })

  it('lists the chapters only, or the stories always, when the edition asks, through the contract', async () => {
    const { core } = twoChapters()
    const dispatch = createDispatch(core)
    const tocStories = () =>
      new JSDOM(renderBook(core.books.model(2025), { fontCss: '' }).html).window.document.querySelectorAll('.toc .stories li')
    expect(core.books.editions.open(2025).contents).toBe('auto')
    expect(tocStories()).toHaveLength(5)
    expect((await dispatch('editions.update', { year: 2025, fields: { contents: 'chapters' } })).ok).toBe(true)
    expect(tocStories()).toHaveLength(0)
    const refused = await dispatch('editions.update', { year: 2025, fields: { contents: 'some' as never } })
    expect(!refused.ok && refused.error.issues[0].code).toBe('edition.contentsInvalid')
    // Past 400 stories, 'stories' still lists them all.
    await dispatch('editions.update', { year: 2025, fields: { contents: 'stories' } })
    const model = core.books.model(2025)
    model.chapters[0].stories = Array.from({ length: 401 }, () => model.chapters[0].stories[0])
    model.storyCount = 401 + model.chapters[1].stories.length
    expect(new JSDOM(renderBook(model, { fontCss: '' }).html).window.document.querySelectorAll('.toc .stories li')).toHaveLength(404)
  })

  it('shows an author’s page once when two stories share it, and a run of pages as a range', () => {
    const { model, stories } = twoChapters()
    const { html, targets } = renderBook(model, { fontCss: '' })
    const pages = new Map(targets.map((t) => [t, 1]))
    // Anna's stories on 5, 5, 7, 8, 9.
    ;[5, 5, 7, 8, 9].forEach((page, i) => pages.set(`story-${stories[i].id}`, page))
    const document = new JSDOM(withPageNumbers(html, pages)).window.document
    const entry = document.querySelector('.contributors .pages')!
    expect(entry.textContent).toBe('5, 7–9')
    // Each number links to the first story on its page.
    expect([...entry.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      `#story-${stories[0].id}`,
      `#story-${stories[2].id}`,
      `#story-${stories[4].id}`,
    ])
    // The contents still shows every story's own page.
    expect([...document.querySelectorAll('.toc .stories .page-ref')].map((a) => a.textContent)).toEqual(['5', '5', '7', '8', '9'])
  })
})
