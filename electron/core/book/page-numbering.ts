/**
 * What the final print changes in the book the first print laid out (book-renderer.ts's
 * pageNumbering): the page numbers, the index's page ranges, the blank pages before right-hand
 * openers, the blank page at the end and the `layout-pass` class. The printers make these changes in
 * the page already loaded (numberInPage) instead of loading the book again, which cost the thickest
 * books a fifth of a print. The numbers
 * sit in fixed-width slots (book.css `.page-ref`), and a blank page moves nothing within a page
 * (book-layout.ts), so the changes land where a fresh load of the same HTML would put them.
 */
export interface PageNumbering {
  /** Each page reference's number by its target (outside the index). */
  pages: Record<string, number>
  /** What each of the index's `span.pages` holds, in the book's order. */
  index: string[]
  /** The blank pages, each by the text of the recto comment it takes the place of. */
  blanks: Record<string, string>
  /** What ends the book: the blank page that makes its page count even, or nothing. */
  end: string
}

/**
 * Makes a PageNumbering's changes and waits for the fonts. The page runs no script of its own
 * (JavaScript is off): this constant function is evaluated by the printer over the DevTools protocol,
 * which works with the page's scripts disabled, and its one argument is data. It can be applied again
 * with other numbers (book-export.ts's next round): it sets, it does not add.
 */
const NUMBER_PAGES = `function (n) {
  var d = document
  var own = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k) }
  var parse = function (html) { var t = d.createElement('template'); t.innerHTML = html; return t.content }
  d.documentElement.classList.remove('layout-pass')
  d.querySelectorAll('a.page-ref').forEach(function (a) {
    var target = a.getAttribute('data-target')
    if (own(n.pages, target) && !a.closest('span[class="pages"]')) a.textContent = String(n.pages[target])
  })
  d.querySelectorAll('span[class="pages"]').forEach(function (s, i) { if (i < n.index.length) s.innerHTML = n.index[i] })
  var walk = d.createTreeWalker(d.documentElement, NodeFilter.SHOW_COMMENT), marks = []
  while (walk.nextNode()) marks.push(walk.currentNode)
  marks.forEach(function (c) { if (own(n.blanks, c.data)) c.replaceWith(parse(n.blanks[c.data])) })
  d.querySelectorAll('.end-blank').forEach(function (e) { e.remove() })
  d.body.append(parse(n.end))
  return d.fonts.ready.then(function () { return true })
}`

/** The expression a printer evaluates in the loaded book to make `numbering`'s changes. */
export const numberInPage = (numbering: PageNumbering) => `(${NUMBER_PAGES})(${JSON.stringify(numbering)})`
