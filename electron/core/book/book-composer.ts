import type Database from 'better-sqlite3'
import { words } from '../search/text-analysis'
import { STORY_FIELD_LIST, type BookFieldName } from '../stories/story-fields'
import { fromRow, storyColumns } from '../stories/story-row'
import type { CoreValue } from '../values/core-value'
import type { Edition } from './edition'
import { bookNotes, contentsListsStories, type BookChapter, type BookModel, type BookStory, type CuratedChapter } from './book-model'
import { bookText } from './book-text'
import { chapterPages, matterPages } from './page-estimate'
import type { Steps } from '../exchange/slices'

const BOOK_FIELDS = STORY_FIELD_LIST.filter((f) => f.book).map((f) => f.name as BookFieldName)

interface StoryRow extends Record<string, unknown> {
  id: string
  primary_value_id: string
}

/** Which stories a year's book draws on: the edition's year and statuses, not in the trash. */
function yearFilter(edition: Edition): { where: string; params: string[] } {
  return {
    where: `deleted_at IS NULL AND substr(happened_on, 1, 4) = ? AND status IN (${edition.statuses.map(() => '?').join(',')})`,
    params: [String(edition.year).padStart(4, '0'), ...edition.statuses],
  }
}

/** How many stories the year has to draw on: a quick check before an export starts. */
export function yearStoryCount(db: Database.Database, edition: Edition): number {
  const { where, params } = yearFilter(edition)
  return (db.prepare(`SELECT count(*) AS n FROM stories WHERE ${where}`).get(...params) as { n: number }).n
}

/** Stories read from the library at a time, between two steps: a few milliseconds' worth. */
const PAGE = 200

/**
 * Stories of the edition's year with the edition's statuses, not in the trash; a step per story
 * (counting its words). The order is read first, then the stories a page at a time, so no single
 * read holds the main process; a story trashed or moved to another year meanwhile is left out.
 */
export function* yearStorySteps(db: Database.Database, edition: Edition): Steps<(BookStory & { valueId: string })[]> {
  const { where, params } = yearFilter(edition)
  const ids = db
    .prepare(`SELECT id FROM stories WHERE ${where} ORDER BY happened_on, created_at`)
    .pluck()
    .all(...params) as string[]
  const read = db.prepare(
    `SELECT s.id, ${storyColumns(BOOK_FIELDS)}, s.primary_value_id
     FROM stories s
     WHERE ${where} AND s.id IN (SELECT value FROM json_each(?))`,
  )
  const stories: (BookStory & { valueId: string })[] = []
  for (let start = 0; start < ids.length; start += PAGE) {
    yield
    const page = ids.slice(start, start + PAGE)
    const rows = new Map((read.all(...params, JSON.stringify(page)) as StoryRow[]).map((r) => [r.id, r]))
    for (const id of page) {
      const r = rows.get(id)
      if (!r) continue
      const story = fromRow(r, BOOK_FIELDS)
      // The chapter is the story's primary value.
      stories.push({ id: r.id, ...story, words: words(story.body).length + words(story.title).length, valueId: r.primary_value_id })
      yield
    }
  }
  return stories
}

/** Chapter order: the edition's, then any value it does not mention yet, in the library's order. */
export function chapterValues(edition: Edition, values: CoreValue[]): CoreValue[] {
  const byId = new Map(values.map((v) => [v.id, v]))
  const ordered = edition.chapterOrder.map((id) => byId.get(id)).filter((v): v is CoreValue => !!v)
  const rest = values.filter((v) => !edition.chapterOrder.includes(v.id))
  return [...ordered, ...rest]
}

function ordered(stories: BookStory[], order: string[] | undefined): BookStory[] {
  if (!order?.length) return stories
  const rank = new Map(order.map((id, i) => [id, i]))
  return [...stories].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity))
}

/** Turns an edition and the library into the book's structure. Pure: the same input, the same book; a step per chapter. */
export function* composeBookSteps(edition: Edition, values: CoreValue[], stories: (BookStory & { valueId: string })[]): Steps<BookModel> {
  const excluded = new Set(edition.excludedStories)
  const chapters: BookChapter[] = []
  const curated: CuratedChapter[] = []
  const gaps: BookModel['gaps'] = []
  for (const value of chapterValues(edition, values)) {
    yield
    const own = stories.filter((s) => s.valueId === value.id).map(({ valueId: _v, ...s }) => s)
    const dropped = edition.droppedValues.includes(value.id)
    // A gap is a value with no stories at all: one whose stories are all left out is still a chapter to curate.
    if (own.length === 0) {
      gaps.push({ valueId: value.id, name: value.name, dropped })
      continue
    }
    const included = ordered(
      own.filter((s) => !excluded.has(s.id)),
      edition.storyOrder[value.id],
    )
    const chapter = {
      valueId: value.id,
      name: value.name,
      description: value.description,
      color: value.color,
      stories: included,
      excluded: own.filter((s) => excluded.has(s.id)),
      // The opener has a page of its own; stories run on after it.
      estimatedPages: included.length ? chapterPages(included, bookNotes, edition.pageSize) : 0,
    }
    // Only a chapter with a story in it prints; the curator still sees the others, to take stories back in.
    if (dropped || included.length === 0) {
      curated.push({ ...chapter, number: null, dropped })
      continue
    }
    const printed = { ...chapter, number: chapters.length + 1 }
    chapters.push(printed)
    curated.push({ ...printed, dropped })
  }
  yield
  const byAuthor = new Map<string, string[]>()
  for (const story of chapters.flatMap((c) => c.stories)) {
    const ids = byAuthor.get(story.author)
    if (ids) ids.push(story.id)
    else byAuthor.set(story.author, [story.id])
  }
  // Names in the alphabet of the book's language: Åsa after Zoe in Danish and Swedish, not beside Anna.
  const { compare } = bookText(edition.language)
  const contributors = [...byAuthor.entries()].sort((a, b) => compare(a[0], b[0])).map(([name, storyIds]) => ({ name, storyIds }))
  const included = chapters.flatMap((c) => c.stories)
  const teams = [...new Set(included.map((s) => s.team).filter(Boolean))].sort(compare)
  const matter = matterPages({
    size: edition.pageSize,
    foreword: edition.foreword,
    closing: edition.closing,
    chapterCount: chapters.length,
    contentsStories: contentsListsStories(included.length, edition.contents) ? included.length : 0,
    contributors,
    chart: chapters.map((c) => ({ name: c.name, color: c.color, count: c.stories.length })),
  })
  return {
    edition,
    chapters,
    curated,
    gaps,
    contributors,
    teams,
    storyCount: included.length,
    estimatedPages: matter + chapters.reduce((sum, c) => sum + c.estimatedPages, 0),
  }
}
