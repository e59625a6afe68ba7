import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { chapterAnchor, forLayout, pageNumbering, renderBook, withPageNumbers } from '../../electron/core/book/book-renderer'
import { numberInPage } from '../../electron/core/book/page-numbering'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, valueId } from './temp-library'

/** The laid-out book as the first print has it, in a DOM that evaluates only what the test hands it. */
function laidOut(html: string) {
  const { window } = new JSDOM(forLayout(html), { runScripts: 'outside-only' })
  // The printers wait for the fonts afterwards; a DOM without fonts has nothing to wait for.
  Object.defineProperty(window.document, 'fonts', { value: { ready: Promise.resolve() } })
  return window
}

describe('numbering the loaded book in place (the final print without a second load)', () => {
  it('sets the same numbers and index ranges as the numbered HTML, the blank pages before the openers and at the end', async () => {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    const stories = [1, 2, 3].map((day) => {
      const input = storyInput(core, { author: 'Anna Berg', valueIds: [wow], primaryValueId: wow, happenedOn: `2025-01-0${day}` })
      return core.stories.setStatus(core.stories.create(storyFields.parse(input), 'draft').id, 'approved')
    })
    const { html, targets, rectos } = renderBook(core.books.model(2025), { fontCss: '' })
    const pages = new Map(targets.map((t, i) => [t, i + 3]))
    ;[5, 5, 6].forEach((page, i) => pages.set(`story-${stories[i].id}`, page))
    const window = laidOut(html)
    const { document } = window
    const blanks = new Set(['title-page', chapterAnchor(1)])
    await window.eval(numberInPage(pageNumbering(html, pages, blanks, true)))

    const expected = new JSDOM(withPageNumbers(html, pages)).window.document
    const texts = (d: Document, selector: string) => [...d.querySelectorAll(selector)].map((e) => e.textContent)
    expect(texts(document, '.page-ref')).toEqual(texts(expected, '.page-ref'))
    expect(texts(document, '.pages')).toEqual(texts(expected, '.pages'))
    expect(texts(document, '.contributors .pages')).toEqual(['5–6'])
    expect(document.documentElement.classList.contains('layout-pass')).toBe(false)
    // A blank page in place of the recto mark before each of `blanks`; before the first chapter it counts as front matter.
    const before = (selector: string) => document.querySelector(selector)!.previousElementSibling!.className
    expect(before('#title-page')).toBe('blank-page front-blank')
    expect(before(`.chapter-1`)).toBe('blank-page front-blank')
    expect(before('#contents')).not.toContain('blank-page')
    expect(document.querySelectorAll('.blank-page')).toHaveLength(3)
    expect(document.body.lastElementChild!.className).toBe('blank-page end-blank')

    // Another round with other numbers and no end blank: it sets, it does not add.
    const later = new Map([...pages].map(([t, p]) => [t, p + 1]))
    await window.eval(numberInPage(pageNumbering(html, later, blanks, false)))
    expect(texts(document, '.page-ref')).toEqual(texts(new JSDOM(withPageNumbers(html, later)).window.document, '.page-ref'))
    expect(texts(document, '.contributors .pages')).toEqual(['6–7'])
    expect(document.querySelectorAll('.blank-page')).toHaveLength(2)
    expect(rectos).toContain(chapterAnchor(1))
  })
})
