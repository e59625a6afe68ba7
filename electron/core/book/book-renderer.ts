import { createHash } from 'node:crypto'
import sanitizeHtml from 'sanitize-html'
import { bookContentSecurityPolicy } from '../content-security'
import { escapeHtml } from '../html-escape'
import { createStoryMarkdown, PHOTO_SRC, SANITIZE_HTML_OPTIONS } from '../markdown/story-markdown'
import { photoDataUrl, type StoredPhoto } from '../photos/photo-repository'
import { photoLink } from '../photos/photo-references'
import type { BookNote } from './book-notes'
import { bookNotes, contentsListsStories, type BookChapter, type BookModel, type BookStory } from './book-model'
import { BOOK_STYLESHEET } from './book-resources'
import { bookText, type BookLanguage } from './book-text'
import { hyphenateHtml } from './book-hyphens'
import { QUOTES, typographicQuotes } from './book-quotes'
import { yearChart } from './year-chart'
import { pageSizeCss } from './page-geometry'
import { lowResolution } from './photo-resolution'
import { runAtOnce, type Steps } from '../exchange/slices'
import { END_BLANK } from './even-pages'
import type { PageNumbering } from './page-numbering'

/** Stands in for a page number until the first print says where things landed. Same width as the real one. */
export const PAGE_PLACEHOLDER = '000'

/** Printed for a value whose stored colour is not #rrggbb (an old library, a hand-made pack). */
const NEUTRAL_COLOR = '#888888'

// Drawn, not typed: the book's fonts have no glyph for these, and a system fallback font must never sneak in.
const RECOVERY_ICON =
  '<svg class="icon" viewBox="0 0 16 16" width="8" height="8" aria-hidden="true"><path d="M8 2a6 6 0 1 1-5.2 3" fill="none" stroke="currentColor" stroke-width="2"/><path d="M1 1v5h5" fill="none" stroke="currentColor" stroke-width="2"/></svg>'
export const BOOK_MARK =
  '<svg viewBox="0 0 40 40" width="34" height="34" aria-hidden="true"><circle cx="20" cy="20" r="17" fill="none" stroke="currentColor" stroke-width="2.5"/><path d="M20 9c-6 5-6 17 0 22 6-5 6-17 0-22z" fill="currentColor"/></svg>'

/** The note for a photo printed below 150 dpi, by where it is. */
const LOW_RESOLUTION = {
  imageLeftOutOfStory: 'photoLowResolutionInStory',
  imageLeftOutOfForeword: 'photoLowResolutionInForeword',
  imageLeftOutOfClosing: 'photoLowResolutionInClosing',
} as const

export const chapterAnchor = (n: number) => `chapter-${n}`
export const storyAnchor = (id: string) => `story-${id}`

function pageRef(target: string): string {
  const t = escapeHtml(target)
  return `<a class="page-ref" href="#${t}" data-target="${t}">${PAGE_PLACEHOLDER}</a>`
}

/** Page references still showing the placeholder: the opening tag and the target's attribute value. */
const placeholderRefs = () => new RegExp(`(<a class="page-ref" href="#[^"]*" data-target="([^"]*)">)${PAGE_PLACEHOLDER}</a>`, 'g')
/** An author's page references in the index. */
const INDEX_PAGES = /(<span class="pages">)(.*?)(<\/span>)/g

/** `html` with each placeholder replaced by its target's page, where known (targets as escaped in attributes). */
function numberRefs(html: string, pages: ReadonlyMap<string, number>): string {
  const byAttribute = new Map([...pages].map(([target, page]) => [escapeHtml(target), page]))
  return html.replace(placeholderRefs(), (ref, open: string, target: string) => {
    const page = byAttribute.get(target)
    return page === undefined ? ref : `${open}${page}</a>`
  })
}

/**
 * The rendered book with each page reference's placeholder replaced by its page, where known; in the
 * index, an author's pages each once and consecutive ones as a range (see indexPages).
 */
export function withPageNumbers(html: string, pages: ReadonlyMap<string, number>): string {
  return numberRefs(html, pages).replace(
    INDEX_PAGES,
    (_group, open: string, refs: string, close: string) => open + indexPages(refs) + close,
  )
}

/** What each of the index's `span.pages`, in the book's order, holds once withPageNumbers has numbered it. */
function indexEntryPages(html: string, pages: ReadonlyMap<string, number>): string[] {
  return [...html.matchAll(INDEX_PAGES)].map((m) => indexPages(numberRefs(m[2], pages)))
}

/**
 * An author's page references in the index, numbered: "5, 5, 7, 8, 9" reads "5, 7–9" (two stories on
 * one page are one page; a run of pages, a range). Each number left links to the first story on it.
 */
function indexPages(refs: string): string {
  const numbered = [...refs.matchAll(/<a class="page-ref"[^>]*>(\d+)<\/a>/g)].map((m) => ({ ref: m[0], page: Number(m[1]) }))
  // Not numbered yet (the first print), or nothing to merge.
  if (numbered.length < 2 || refs.includes(`>${PAGE_PLACEHOLDER}</a>`)) return refs
  const runs: { first: string; last?: string; end: number }[] = []
  for (const { ref, page } of numbered) {
    const run = runs.at(-1)
    if (run && page === run.end) continue
    if (run && page === run.end + 1) Object.assign(run, { last: ref, end: page })
    else runs.push({ first: ref, end: page })
  }
  return runs.map((r) => (r.last ? `${r.first}–${r.last}` : r.first)).join(', ')
}

/**
 * Where a right-hand page must begin (the title page, the contents, each chapter opener): a comment
 * before it, which becomes a blank page when the first print puts it on a left-hand one. No person's
 * text can write a comment (it is escaped, and Markdown runs with HTML off). `front` blanks do not
 * advance the body's folio count.
 */
const rectoMark = (anchor: string, part: 'front' | 'body') => `<!--recto:${part}:${anchor}-->`

const RECTO_MARK = /<!--recto:(front|body):([\w-]+)-->/g
const blankPage = (part: string) => `<div class="blank-page${part === 'front' ? ' front-blank' : ''}"></div>`

/**
 * The blank pages for `blanks` (anchors of rectoMark): each by the text of the comment it takes the
 * place of, for the final print to put in (page-numbering.ts).
 */
function blankPages(html: string, blanks: ReadonlySet<string>): Record<string, string> {
  const marks = [...html.matchAll(RECTO_MARK)].filter((m) => blanks.has(m[2]))
  return Object.fromEntries(marks.map((m) => [m[0].slice('<!--'.length, -'-->'.length), blankPage(m[1])]))
}

/**
 * The final print's changes to the laid-out book (page-numbering.ts): the page numbers, the blank
 * pages before the openers in `blanks`, and the blank page at the end when `endBlank`.
 */
export function pageNumbering(
  html: string,
  pages: ReadonlyMap<string, number>,
  blanks: ReadonlySet<string>,
  endBlank: boolean,
): PageNumbering {
  return {
    pages: Object.fromEntries(pages),
    index: indexEntryPages(html, pages),
    blanks: blankPages(html, blanks),
    end: endBlank ? END_BLANK : '',
  }
}

/**
 * The book for a print that only learns where things land (book-export.ts): laid out exactly as
 * printed, nothing painted (book.css hides it all), so Chromium writes no text, font or image.
 */
export const forLayout = (html: string) => html.replace('<html ', '<html class="layout-pass" ')

/**
 * A CSS string literal that is safe in a <style> element: every character but letters, digits and
 * spaces is a hex escape, so no quote, backslash, newline or `</style>` can come out of it.
 */
export function cssString(text: string): string {
  return `"${text.replace(/[^A-Za-z0-9 ]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`
}

/** Only #rrggbb reaches a stylesheet or an SVG attribute. */
export const safeColor = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? color : NEUTRAL_COLOR)

/**
 * An inline stylesheet and its CSP hash. The parser turns CR LF into LF before the browser hashes the
 * element's text, so the text is normalised first; `</style` can only come from a bug here, never
 * from a person's text (see cssString), and is refused rather than printed.
 */
export function styleBlock(css: string): { tag: string; hash: string } {
  const text = css.replace(/\r\n?/g, '\n')
  if (/<\/style/i.test(text)) throw new Error('A book stylesheet would end its <style> element early.')
  return { tag: `<style>${text}</style>`, hash: `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}` }
}

export interface RenderedBook {
  html: string
  /** Every anchor whose page the table of contents or the index shows. */
  targets: string[]
  /** Things left out of the book, for the export report. */
  notes: BookNote[]
  /** Anchors that must start a right-hand page, in the book's order (book-layout.ts's rectoLayout). */
  rectos: string[]
}

export interface RenderOptions {
  /** @font-face rules: served by the printer (`fonts/…`), or inlined as data: URLs for the HTML file. */
  fontCss: string
  /** Where those fonts come from, for the Content-Security-Policy. */
  fontSrc?: "'self'" | 'data:'
  /** False for the HTML file: without pages, page numbers mean nothing; the links stay. */
  pageNumbers?: boolean
  /** The library's photos, which stories show as `photo:<id>`: printed inside the file, as data: URLs. */
  photo?: (id: string) => StoredPhoto | null
  /** False for the printed interior: its cover is a PDF of its own (book-cover.ts). */
  cover?: boolean
}

/**
 * The book as one HTML document plus print CSS. Story bodies go through the app's sanitized Markdown
 * renderer; the library's photos are embedded (data: URLs) where the story shows them, any other image
 * is left out (and noted), so printing never reaches the network or the disk.
 * Every person's text is escaped for where it lands (HTML text, attribute, CSS string), and the
 * document's own policy allows no script at all and only these exact stylesheets.
 */
export function renderBook(book: BookModel, options: RenderOptions): RenderedBook {
  return runAtOnce(renderBookSteps(book, options))
}

/** renderBook as steps: one per story (the Markdown and sanitising), so an export can run it in slices. */
export function* renderBookSteps(book: BookModel, options: RenderOptions): Steps<RenderedBook> {
  // One Markdown renderer per language: each writes its own language's quotation marks.
  const markdowns = new Map<BookLanguage, ReturnType<typeof createStoryMarkdown>>()
  const markdownIn = (language: BookLanguage) => {
    let md = markdowns.get(language)
    if (!md) markdowns.set(language, (md = createStoryMarkdown((html) => sanitizeHtml(html, SANITIZE_HTML_OPTIONS), QUOTES[language])))
    return md
  }
  const notes: BookNote[] = []
  const targets: string[] = []
  const { edition } = book
  // Every fixed text, number and date in the edition's language; a person's text stays as written,
  // but for its quotation marks and apostrophes, which are set in the convention of its language.
  const text = bookText(edition.language)
  const { t } = text
  /** A plain field as printed: typographic quotes of `language` (the edition's unless a story's), then escaped. */
  const plain = (field: string, language: BookLanguage = edition.language) => escapeHtml(typographicQuotes(field, language))

  /** Markdown as printed, with the language's quotes. */
  const rich = (source: string, code: keyof typeof LOW_RESOLUTION, title?: string, language: BookLanguage = edition.language) => {
    const leftOut = (src: string) => notes.push({ code, params: title === undefined ? { src } : { src, title } })
    const photoSrc = (id: string) => {
      const photo = options.photo?.(id)
      if (!photo) leftOut(photoLink(id))
      // On paper, a photo too small for where it prints looks soft: said in the export's notes (photo-resolution.ts).
      const dpi = photo && options.pageNumbers !== false ? lowResolution(photo, edition.pageSize) : null
      if (dpi !== null)
        notes.push({ code: LOW_RESOLUTION[code], params: { src: photoLink(id), dpi, ...(title === undefined ? {} : { title }) } })
      return photo ? photoDataUrl(photo) : null
    }
    return markdownIn(language)
      .render(source, { photoSrc })
      .replace(/<img\b[^>]*>/g, (tag) => {
        const src = /src="([^"]*)"/.exec(tag)?.[1] ?? ''
        // The library's own photo, inside the file; nothing else may make the printer fetch.
        if (src.startsWith('data:') && PHOTO_SRC.test(src)) return tag
        leftOut(src)
        return `<span class="omitted">${escapeHtml(t('book.imageLeftOut'))}</span>`
      })
  }

  const story = (s: BookStory) => {
    const anchor = escapeHtml(storyAnchor(s.id))
    const byline = [plain(s.author, s.language), plain(s.team, s.language), escapeHtml(text.date(s.happenedOn))].filter(Boolean).join(' · ')
    const recovery = s.isRecovery ? ` · <span class="recovery">${RECOVERY_ICON} ${escapeHtml(t('book.serviceRecovery'))}</span>` : ''
    // The body with soft hyphens, so its justified lines are not loose.
    const body = hyphenateHtml(rich(s.body, 'imageLeftOutOfStory', s.title, s.language), s.language)
    // The book's optional notes (the customer's situation), each as a line under the byline.
    const context = bookNotes(s)
      .map((note) => `<p class="context">${plain(note, s.language)}</p>`)
      .join('')
    return `<article class="story" id="${anchor}" lang="${escapeHtml(s.language)}">
  <h2>${plain(s.title, s.language)}</h2>
  <div class="byline">${byline}${recovery}</div>
  ${context}
  <div class="body">${body}</div>
</article>`
  }

  const pageCss = [pageSizeCss(edition.pageSize)]
  const chapters: string[] = []
  // Setting up the Markdown renderer is a step of its own.
  yield
  for (const c of book.chapters) {
    const stories: string[] = []
    for (const s of c.stories) {
      stories.push(story(s))
      yield
    }
    const anchor = chapterAnchor(c.number)
    targets.push(anchor)
    // One named page per chapter carries its running head: a margin box can show only a CSS string.
    pageCss.push(
      `@page chapter-${c.number} { @top-center { content: ${cssString(typographicQuotes(c.name, edition.language))}; font-family: 'Source Sans 3', sans-serif; font-size: 8pt; letter-spacing: 0.08em; text-transform: uppercase; color: #888; } }`,
      `.chapter-${c.number} { page: chapter-${c.number}; --chapter: ${safeColor(c.color)}; }`,
    )
    const count = t('book.storyCount', {}, c.stories.length)
    chapters.push(`${rectoMark(anchor, c.number === 1 ? 'front' : 'body')}<section class="chapter chapter-${c.number}">
  <header class="chapter-opener" id="${anchor}">
    <div class="chapter-number">${escapeHtml(t('book.chapter', { number: text.number(c.number) }))}</div>
    <h1>${plain(c.name)}</h1>
    <p class="description">${plain(c.description)}</p>
    <p class="story-count">${escapeHtml(count)}</p>
  </header>
  ${stories.join('\n')}
</section>`)
  }

  targets.push('contributors', 'in-numbers')
  const rectos = ['title-page', 'contents', ...book.chapters.map((c) => chapterAnchor(c.number))]
  // Each chapter with its stories under it (title, author, page), unless the book is too long for that.
  const listStories = contentsListsStories(book.storyCount, book.edition.contents)
  const tocStories = (c: BookChapter) =>
    listStories
      ? `<ol class="stories">${c.stories
          .map(
            (s) =>
              `<li class="entry" lang="${escapeHtml(s.language)}"><a href="#${escapeHtml(storyAnchor(s.id))}">${plain(s.title, s.language)}</a> <span class="author">${plain(s.author, s.language)}</span><span class="leader"></span>${pageRef(storyAnchor(s.id))}</li>`,
          )
          .join('\n')}</ol>`
      : ''
  const tocEntries = [
    ...book.chapters.map(
      (c) =>
        `<li><div class="entry"><span class="num">${text.number(c.number)}</span><a href="#${chapterAnchor(c.number)}">${plain(c.name)}</a> <span class="count">${text.number(c.stories.length)}</span><span class="leader"></span>${pageRef(chapterAnchor(c.number))}</div>${tocStories(c)}</li>`,
    ),
    `<li class="entry"><span class="num"></span><a href="#contributors">${escapeHtml(t('book.contributors'))}</a><span class="leader"></span>${pageRef('contributors')}</li>`,
    `<li class="entry"><span class="num"></span><a href="#in-numbers">${escapeHtml(t('book.inNumbers'))}</a><span class="leader"></span>${pageRef('in-numbers')}</li>`,
  ]

  yield
  const contributors = book.contributors
    .map((c) => {
      for (const id of c.storyIds) targets.push(storyAnchor(id))
      return `<p><span class="name">${plain(c.name)}</span> <span class="pages">${c.storyIds.map((id) => pageRef(storyAnchor(id))).join(', ')}</span></p>`
    })
    .join('\n')

  // Without pages (the HTML file), page numbers mean nothing: they are hidden and the links stay.
  if (options.pageNumbers === false) pageCss.push('.page-ref, .toc .leader { display: none; }')
  yield
  // Hashing the stylesheets (the HTML file's carry its fonts, megabytes of them) is a step of its own.
  const styles = [options.fontCss, BOOK_STYLESHEET, pageCss.join('\n')].map(styleBlock)
  yield
  const policy = bookContentSecurityPolicy({
    styleHashes: styles.map((s) => s.hash),
    fontSrc: options.fontSrc ?? "'self'",
    imgSrc: 'data:',
  })

  // Chromium names a destination only where a link points: the front matter's rectos have no other link,
  // and the index leaves out the links a range or a shared page merges. Every target keeps one here.
  const linked = [...new Set([...targets, 'title-page', 'contents'])]
  const html = `<!doctype html>
<html lang="${escapeHtml(text.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<title>${plain(edition.title)}</title>
${styles.map((s) => s.tag).join('\n')}
</head>
<body>
<nav hidden>${linked.map((anchor) => `<a href="#${escapeHtml(anchor)}"></a>`).join('')}</nav>
${
  options.cover === false
    ? ''
    : `<section class="cover">
  <div class="mark">${BOOK_MARK}</div>
  <div>
    <h1>${plain(edition.title)}</h1>
    ${edition.subtitle ? `<p>${plain(edition.subtitle)}</p>` : ''}
  </div>
  <div>
    <div class="year">${edition.year}</div>
    <div class="company">${plain(edition.company)}</div>
  </div>
</section>`
}
${rectoMark('title-page', 'front')}<section class="front title-page" id="title-page">
  <h1>${plain(edition.title)}</h1>
  ${edition.subtitle ? `<p class="subtitle">${plain(edition.subtitle)}</p>` : ''}
  <p class="company">${plain(edition.company)}${edition.company ? ' · ' : ''}${edition.year}</p>
</section>
${edition.foreword.trim() ? `<section class="front foreword"><h2>${escapeHtml(t('book.foreword'))}</h2>${rich(edition.foreword, 'imageLeftOutOfForeword')}</section>` : ''}
${rectoMark('contents', 'front')}<section class="front toc" id="contents"><h2>${escapeHtml(t('book.contents'))}</h2><ol>${tocEntries.join('\n')}</ol></section>
${chapters.join('\n')}
<section class="back" id="contributors"><h2>${escapeHtml(t('book.contributors'))}</h2><div class="contributors">${contributors}</div></section>
<section class="back numbers" id="in-numbers">
  <h2>${escapeHtml(t('book.inNumbers'))}</h2>
  <div class="big">
    ${bigNumber(book.storyCount, 'book.stories')}
    ${bigNumber(book.contributors.length, 'book.contributorCount')}
    ${bigNumber(book.teams.length, 'book.teams')}
  </div>
  ${yearChart(
    book.chapters.map((c) => ({ name: typographicQuotes(c.name, edition.language), color: c.color, count: c.stories.length })),
    t('book.chartLabel'),
    text.number,
    safeColor,
  )}
  ${edition.closing.trim() ? `<div class="closing">${rich(edition.closing, 'imageLeftOutOfClosing')}</div>` : ''}
</section>
</body>
</html>`
  return { html, targets: linked, notes, rectos }

  function bigNumber(n: number, label: 'book.stories' | 'book.contributorCount' | 'book.teams') {
    return `<div><strong>${text.number(n)}</strong>${escapeHtml(t(label, {}, n))}</div>`
  }
}
