import { join } from 'node:path'
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import da from '../../resources/locales/book.da.json'
import en from '../../resources/locales/book.en.json'
import sv from '../../resources/locales/book.sv.json'
import { cssString, renderBook } from '../../electron/core/book/book-renderer'
import type { BookLanguage } from '../../electron/core/book/book-text'
import { editionFields } from '../../electron/core/book/edition'
import type { CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { oldFormatLibrary, storyInput, tempCore, tempDir, valueId } from './temp-library'

function add(core: CultureCore, overrides: Partial<StoryFieldsInput>) {
  const story = core.stories.create(storyFields.parse(storyInput(core, overrides)), 'draft')
  return core.stories.setStatus(story.id, 'approved')
}

/** Stories told in all three languages, two chapters; the book printed in `language`. */
function printed(language: BookLanguage) {
  const core = tempCore()
  const wow = valueId(core, 'deliver-wow')
  const humble = valueId(core, 'humble')
  const stories = [
    add(core, {
      title: 'Brudeskoene',
      author: 'Mette Holm',
      happenedOn: '2025-06-14',
      language: 'da',
      valueIds: [wow],
      primaryValueId: wow,
    }),
    add(core, { title: 'Regnjackan', author: 'Åsa Ek', happenedOn: '2025-03-01', language: 'sv', valueIds: [wow], primaryValueId: wow }),
    add(core, { title: 'The late parcel', author: 'Zoe Lund', happenedOn: '2025-11-02', valueIds: [humble], primaryValueId: humble }),
  ]
  core.books.editions.open(2025)
  core.books.editions.update(2025, { language, foreword: 'Tak / Tack / Thanks.' })
  const { html } = renderBook(core.books.model(2025), { fontCss: '' })
  const { document } = new JSDOM(html).window
  const texts = (selector: string) => [...document.querySelectorAll(selector)].map((el) => el.textContent!.trim())
  return { core, html, document, texts, stories }
}

describe('the book in the edition’s language', () => {
  it('prints a Danish edition with Danish headings, chapter labels, plurals, dates and lang attributes', () => {
    const { document, texts, stories } = printed('da')
    expect(document.documentElement.getAttribute('lang')).toBe('da')
    expect(texts('.toc h2')).toEqual(['Indhold'])
    expect(texts('.foreword h2')).toEqual(['Forord'])
    expect(texts('.chapter-number')).toEqual(['Kapitel 1', 'Kapitel 2'])
    expect(texts('.story-count')).toEqual(['2 fortællinger', '1 fortælling'])
    expect(texts('.toc a')).toEqual(expect.arrayContaining(['Bidragydere', 'Året i tal']))
    expect(texts('#contributors h2')).toEqual(['Bidragydere'])
    expect(texts('#in-numbers h2')).toEqual(['Året i tal'])
    expect(texts('#in-numbers .big div')).toEqual(['3fortællinger', '3bidragydere', '1team'])
    expect(document.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toBe('Fortællinger pr. kerneværdi')
    const bylines = texts('.story .byline')
    expect(bylines.join('\n')).toContain('14. juni 2025')
    expect(bylines.join('\n')).toContain('1. marts 2025')
    expect(bylines.join('\n')).toContain('Servicegenopretning')
    expect(bylines.join('\n')).not.toMatch(/June|March|Service recovery/)
    // Each story carries its own language, whatever the book's.
    const langs = Object.fromEntries([...document.querySelectorAll('article.story')].map((a) => [a.id, a.getAttribute('lang')]))
    expect(langs).toEqual({ [`story-${stories[0].id}`]: 'da', [`story-${stories[1].id}`]: 'sv', [`story-${stories[2].id}`]: 'en' })
  })

  it('prints a Swedish edition in Swedish', () => {
    const { document, texts } = printed('sv')
    expect(document.documentElement.getAttribute('lang')).toBe('sv')
    expect(texts('.toc h2')).toEqual(['Innehåll'])
    expect(texts('.foreword h2')).toEqual(['Förord'])
    expect(texts('.chapter-number')).toEqual(['Kapitel 1', 'Kapitel 2'])
    expect(texts('.story-count')).toEqual(['2 berättelser', '1 berättelse'])
    expect(texts('#contributors h2')).toEqual(['Medverkande'])
    expect(texts('#in-numbers h2')).toEqual(['Året i siffror'])
    expect(texts('#in-numbers .big div')).toEqual(['3berättelser', '3medverkande', '1team'])
    const bylines = texts('.story .byline').join('\n')
    expect(bylines).toContain('14 juni 2025')
    expect(bylines).toContain('1 mars 2025')
    expect(bylines).toContain('Tjänsteåterhämtning')
  })

  it('prints an English edition as before, and a new edition starts in English with its English title', () => {
    const { core, document, texts } = printed('en')
    expect(document.documentElement.getAttribute('lang')).toBe('en')
    expect(texts('.toc h2')).toEqual(['Contents'])
    expect(texts('.chapter-number')).toEqual(['Chapter 1', 'Chapter 2'])
    expect(texts('.story-count')).toEqual(['2 stories', '1 story'])
    expect(texts('#in-numbers .big div')).toEqual(['3stories', '3contributors', '1team'])
    expect(texts('.story .byline').join('\n')).toContain('14 June 2025')
    expect(core.books.editions.open(2031)).toMatchObject({ language: 'en', title: 'Culture Book 2031' })
  })

  it('starts a new edition in the library’s main language, and names its chapters and running heads in the edition’s', () => {
    const core = tempCore()
    core.values.setMainLanguage('da')
    expect(core.books.editions.open(2030)).toMatchObject({ language: 'da', title: 'Kulturbogen 2030' })
    const wow = valueId(core, 'deliver-wow')
    add(core, { happenedOn: '2025-04-04', valueIds: [wow], primaryValueId: wow })
    core.books.editions.update(2025, { language: 'sv' })
    const { html } = renderBook(core.books.model(2025), { fontCss: '' })
    const { document } = new JSDOM(html).window
    expect(document.querySelector('.chapter-opener h1')!.textContent).toBe('Skapa WOW genom service')
    // The running head is a CSS string in the chapter's named page.
    expect(html).toContain(`@page chapter-1 { @top-center { content: ${cssString('Skapa WOW genom service')};`)
  })

  it('writes large numbers the way the language does', () => {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    add(core, { happenedOn: '2025-02-02', valueIds: [wow], primaryValueId: wow })
    core.books.editions.update(2025, { language: 'da' })
    const model = core.books.model(2025)
    // 1,234 stories in a chapter is a lot of stories, but the count must still read as Danish.
    model.chapters[0].stories = Array.from({ length: 1234 }, () => model.chapters[0].stories[0])
    const { document } = new JSDOM(renderBook(model, { fontCss: '' }).html).window
    expect(document.querySelector('.story-count')!.textContent).toBe('1.234 fortællinger')
  })

  it('keeps the language through the contract, and refuses one it does not print', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const saved = await dispatch('editions.update', { year: 2025, fields: { language: 'sv' } })
    expect(saved).toMatchObject({ ok: true, value: { language: 'sv' } })
    expect(core.books.editions.find(2025)!.language).toBe('sv')
    const refused = editionFields.safeParse({ language: 'de' })
    expect(refused.success).toBe(false)
    expect(refused.error!.issues[0].message).toBe('edition.languageInvalid')
    const answer = await dispatch('editions.update', { year: 2025, fields: { language: 'de' } })
    expect(answer).toMatchObject({ ok: false, error: { issues: [{ code: 'edition.languageInvalid' }] } })
  })

  it('gives the editions of a library from before edition languages English, their curation untouched', () => {
    const file = join(tempDir(), 'library.sqlite')
    const old = oldFormatLibrary(file, 11, {
      id: '6f1c0c57-64f2-4a43-9f7e-2f2b6a1e0a01',
      title: 'Old story',
      at: '2024-01-01T10:00:00.000Z',
    })
    old
      .prepare(
        `INSERT INTO editions (id, year, title, subtitle, company, foreword, closing, page_size, statuses, chapter_order,
           dropped_values, excluded_stories, story_order, created_at, updated_at)
         VALUES ('e1', 2024, 'Our 2024 book', '', 'Northwind', 'Hello', '', 'Letter', '["approved"]', '[]', '[]', '[]', '{}', 'x', 'x')`,
      )
      .run()
    old.close()
    const core = tempCore(file)
    expect(core.books.editions.find(2024)).toMatchObject({ language: 'en', title: 'Our 2024 book', pageSize: 'Letter', foreword: 'Hello' })
  })
})

describe('the contributors index', () => {
  const names = ['Örjan Sund', 'Zoe Lund', 'Åsa Ek', 'Anna Berg', 'Ärla Holm', 'Æbbe Juhl', 'Ørn Dahl', 'Aage Holm']

  function contributors(language: BookLanguage) {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    for (const author of names) add(core, { author, happenedOn: '2025-05-05', valueIds: [wow], primaryValueId: wow })
    core.books.editions.update(2025, { language })
    return core.books.model(2025).contributors.map((c) => c.name)
  }

  it('sorts å, ä, ö after z in a Swedish book', () => {
    expect(contributors('sv')).toEqual(['Aage Holm', 'Anna Berg', 'Zoe Lund', 'Åsa Ek', 'Æbbe Juhl', 'Ärla Holm', 'Örjan Sund', 'Ørn Dahl'])
  })

  it('sorts æ, ø, å after z in a Danish book, with aa as å', () => {
    expect(contributors('da')).toEqual(['Anna Berg', 'Zoe Lund', 'Æbbe Juhl', 'Ärla Holm', 'Örjan Sund', 'Ørn Dahl', 'Aage Holm', 'Åsa Ek'])
  })

  it('sorts accented letters beside their base letter in an English book', () => {
    expect(contributors('en')).toEqual(['Aage Holm', 'Æbbe Juhl', 'Anna Berg', 'Ärla Holm', 'Åsa Ek', 'Örjan Sund', 'Ørn Dahl', 'Zoe Lund'])
  })
})

describe('the book catalogue', () => {
  type Tree = { [key: string]: string | Tree }
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)))
  const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort()
  const plurals = (text: string) => text.split('|').length

  it.each([
    ['da', da],
    ['sv', sv],
  ])('%s has every English entry, with the same placeholders and plural forms, and nothing else', (_name, catalogue) => {
    const english = new Map(leaves(en))
    const translated = new Map(leaves(catalogue))
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort())
    for (const [key, text] of english) {
      expect({ key, placeholders: placeholders(translated.get(key)!) }).toEqual({ key, placeholders: placeholders(text) })
      expect({ key, forms: plurals(translated.get(key)!) }).toEqual({ key, forms: plurals(text) })
    }
  })
})
