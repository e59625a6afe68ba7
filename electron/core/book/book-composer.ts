import type Database from 'better-sqlite3'
import { words } from '../search/text-analysis'
import { STORY_FIELD_LIST, type BookFieldName } from '../stories/story-fields'
import { fromRow, storyColumns } from '../stories/story-row'
import type { CoreValue } from '../values/core-value'
import type { Edition } from './edition'
import type { BookChapter, BookModel, BookStory } from './book-model'
import { bookText } from './book-text'

/** Roughly what a 10.5 pt serif page of the book holds. */
const WORDS_PER_PAGE = 430

const BOOK_FIELDS = STORY_FIELD_LIST.filter((f) => f.book).map((f) => f.name as BookFieldName)

interface StoryRow extends Record<string, unknown> {
  id: string
  primary_value_id: string
}

/** Stories of the edition's year with the edition's statuses, not in the trash. */
export function yearStories(db: Database.Database, edition: Edition): (BookStory & { valueId: string })[] {
  const placeholders = edition.statuses.map(() => '?').join(',')
  const rows = db
    .prepare(
      `SELECT s.id, ${storyColumns(BOOK_FIELDS)}, s.primary_value_id
       FROM stories s
       WHERE deleted_at IS NULL AND substr(happened_on, 1, 4) = ? AND status IN (${placeholders})
       ORDER BY happened_on, created_at`,
    )
    .all(String(edition.year).padStart(4, '0'), ...edition.statuses) as StoryRow[]
  return rows.map((r) => {
    const story = fromRow(r, BOOK_FIELDS)
    // The chapter is the story's primary value.
    return { id: r.id, ...story, words: words(story.body).length + words(story.title).length, valueId: r.primary_value_id }
  })
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

/** Turns an edition and the library into the book's structure. Pure: the same input, the same book. */
export function composeBook(edition: Edition, values: CoreValue[], stories: (BookStory & { valueId: string })[]): BookModel {
  const excluded = new Set(edition.excludedStories)
  const chapters: BookChapter[] = []
  const gaps: BookModel['gaps'] = []
  for (const value of chapterValues(edition, values)) {
    const own = stories.filter((s) => s.valueId === value.id).map(({ valueId: _v, ...s }) => s)
    const included = ordered(
      own.filter((s) => !excluded.has(s.id)),
      edition.storyOrder[value.id],
    )
    const dropped = edition.droppedValues.includes(value.id)
    if (included.length === 0) gaps.push({ valueId: value.id, name: value.name, dropped })
    // An empty chapter prints nothing; it stays on the gap list until dropped or filled.
    if (dropped || included.length === 0) continue
    const words = included.reduce((sum, s) => sum + s.words, 0)
    chapters.push({
      number: chapters.length + 1,
      valueId: value.id,
      name: value.name,
      description: value.description,
      color: value.color,
      stories: included,
      excluded: own.filter((s) => excluded.has(s.id)),
      // The opener has a page of its own; stories run on after it.
      estimatedPages: 1 + Math.ceil((words + included.length * 60) / WORDS_PER_PAGE),
    })
  }
  const byAuthor = new Map<string, string[]>()
  for (const story of chapters.flatMap((c) => c.stories)) {
    byAuthor.set(story.author, [...(byAuthor.get(story.author) ?? []), story.id])
  }
  // Names in the alphabet of the book's language: Åsa after Zoe in Danish and Swedish, not beside Anna.
  const { compare } = bookText(edition.language)
  const contributors = [...byAuthor.entries()].sort((a, b) => compare(a[0], b[0])).map(([name, storyIds]) => ({ name, storyIds }))
  const included = chapters.flatMap((c) => c.stories)
  const teams = [...new Set(included.map((s) => s.team).filter(Boolean))].sort(compare)
  const frontAndBack = 5 + Math.ceil(contributors.length / 40) + 1
  return {
    edition,
    chapters,
    gaps,
    contributors,
    teams,
    storyCount: included.length,
    estimatedPages: frontAndBack + chapters.reduce((sum, c) => sum + c.estimatedPages, 0),
  }
}
