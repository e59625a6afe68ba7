import type { PageSize } from './edition'
import { PAGE_GEOMETRY, textHeight } from './page-geometry'
import type { BookStory } from './book-model'
import { chartLayout, type ChartRow } from './year-chart'

/**
 * How many pages the printed book comes to, in lines of body text (11 pt Source Serif 4 at line
 * height 1.45, resources/book/book.css, in the text block of page-geometry.ts). The numbers are
 * calibrated against printed books (tests/unit/book-print-layout.test.ts prints generated libraries
 * and compares): counting words at a guessed 430 a page said 368 pages for a book that printed 302.
 * Photos are not counted.
 */
interface Geometry {
  linesPerPage: number
  charsPerLine: number
}

/** A line of body text in millimetres a point of type: 1.45 line height. */
const LINE_MM_PER_PT = 1.45 * (25.4 / 72)
/** Characters a millimetre of 11 pt line holds, as counted here (spaces and ragged paragraph ends included): 66 printed on a full line of 126 mm. */
const CHARS_PER_MM = 0.575

/** The size's text block and type (a book trim sets smaller type: more characters to a millimetre, shorter lines). */
function geometryOf(size: PageSize): Geometry {
  const { fontSize, textWidth } = PAGE_GEOMETRY[size]
  return { linesPerPage: textHeight(size) / (fontSize * LINE_MM_PER_PT), charsPerLine: (textWidth * CHARS_PER_MM * 11) / fontSize }
}

/** A story's title, byline and the space between it and the next, in lines. */
const STORY_LINES = 8
/** The space after a paragraph: none between paragraphs (they are indented), some around lists and quotes. */
const PARAGRAPH_GAP = 0.05
/** Titles are 15 pt sans: a line holds fewer characters than the body's, and is taller. */
const TITLE_CHARS = 0.7
const TITLE_LINE = 1.2
/** A back or front matter heading (20 pt, with the space above and below it). */
const HEADING_LINES = 6
/** A line of the contents (11.5 pt, 3 mm apart). */
const CONTENTS_LINE = 1.66
/** A story's line under its chapter in the contents (10 pt, 1 mm apart). */
const CONTENTS_STORY_LINE = 1.1
/** The contributors: 9.5 pt in two columns, so a line there is 0.52 of a body line's characters and takes 1.13 of its height, shared by two columns. */
const CONTRIBUTOR_CHARS = 0.52
const CONTRIBUTOR_LINE = 1.13 / 2
/** A page reference after a contributor's name: ", 123". */
const PAGE_REF_CHARS = 5
/** The three big numbers above the chart. */
const BIG_NUMBER_LINES = 5.5
/** The chart is printed across the text width: 476 pt for 530 units, a body line is 15.2 pt. */
const CHART_LINES_PER_UNIT = 476 / 530 / 15.2

function textLines(text: string, charsPerLine: number): number {
  return text ? Math.ceil(text.length / charsPerLine) : 0
}

/**
 * Markdown as printed lines: each paragraph starts a line of its own, and so does each item of a
 * list and each line of a quote.
 */
function markdownLines(source: string, { charsPerLine }: Geometry): number {
  let lines = 0
  for (const block of source.split(/\n\s*\n/)) {
    const trimmed = block.trim()
    if (!trimmed) continue
    const parts = /^\s*([-*+]|\d+[.)]|>)\s/m.test(trimmed) ? trimmed.split('\n') : [trimmed]
    for (const part of parts) lines += textLines(part.trim(), charsPerLine) + PARAGRAPH_GAP
  }
  return lines
}

function storyLines(story: BookStory, notes: readonly string[], geometry: Geometry): number {
  const title = Math.max(1, textLines(story.title, geometry.charsPerLine * TITLE_CHARS))
  const context = notes.reduce((sum, note) => sum + textLines(note, geometry.charsPerLine), 0)
  return STORY_LINES + (title - 1) * TITLE_LINE + context + markdownLines(story.body, geometry)
}

const pages = (lines: number, geometry: Geometry) => Math.max(1, Math.ceil(lines / geometry.linesPerPage))

/** Pages up to the next even count: what comes next starts on a right-hand page. */
const toEven = (n: number) => n + (n % 2)

/**
 * A chapter: its opener on a page of its own, then its stories from the top of the next; the next
 * chapter opens on a right-hand page, so a chapter that ends on one is followed by a blank page.
 */
export function chapterPages(stories: BookStory[], notesOf: (story: BookStory) => string[], size: PageSize): number {
  const geometry = geometryOf(size)
  return toEven(
    1 +
      pages(
        stories.reduce((sum, s) => sum + storyLines(s, notesOf(s), geometry), 0),
        geometry,
      ),
  )
}

export interface MatterInput {
  size: PageSize
  foreword: string
  closing: string
  chapterCount: number
  /** Stories the contents lists under their chapters (none in a very long book). */
  contentsStories: number
  contributors: { name: string; storyIds: string[] }[]
  chart: ChartRow[]
}

/**
 * The pages around the chapters: title page (page 1: the cover is a PDF of its own), foreword, contents (a
 * right-hand page), then the first chapter on a right-hand page; contributors, the year in numbers.
 */
export function matterPages({ size, foreword, closing, chapterCount, contentsStories, contributors, chart }: MatterInput): number {
  const geometry = geometryOf(size)
  const beforeContents = 1 + (foreword.trim() ? pages(HEADING_LINES + markdownLines(foreword, geometry), geometry) : 0)
  const front = toEven(
    toEven(beforeContents) + pages(HEADING_LINES + (chapterCount + 2) * CONTENTS_LINE + contentsStories * CONTENTS_STORY_LINE, geometry),
  )
  const columnChars = geometry.charsPerLine * CONTRIBUTOR_CHARS
  const contributorLines = contributors.reduce(
    (sum, c) => sum + Math.ceil((c.name.length + 1 + c.storyIds.length * PAGE_REF_CHARS) / columnChars) * CONTRIBUTOR_LINE,
    0,
  )
  const numbers = HEADING_LINES + BIG_NUMBER_LINES + chartLayout(chart).height * CHART_LINES_PER_UNIT + markdownLines(closing, geometry)
  return front + pages(HEADING_LINES + contributorLines, geometry) + pages(numbers, geometry)
}
