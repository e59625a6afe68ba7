import type Database from 'better-sqlite3'
import { fromRow, storyColumns } from '../stories/story-row'
import { FED_BY, SOURCE_FIELDS, searchText, type SearchSource } from './search-document'

interface SourceRow extends Record<string, unknown> {
  id: string
  value_ids: string | null
  value_names: string | null
}

/** The stored fields a search source is made of. */
const READ = [...FED_BY.title, ...FED_BY.body, ...FED_BY.byline, ...SOURCE_FIELDS]

// Unit separator: value names may contain commas.
const SEP = '\u001f'
const SELECT = `
  SELECT s.id, ${storyColumns(READ)},
         -- Primary value first, then core-value order, as everywhere else.
         (SELECT group_concat(id, '${SEP}') FROM (
            SELECT v.id FROM story_values sv JOIN core_values v ON v.id = sv.value_id
            WHERE sv.story_id = s.id ORDER BY v.id = s.primary_value_id DESC, v.position)) AS value_ids,
         (SELECT group_concat(v.name, '${SEP}') FROM story_values sv JOIN core_values v ON v.id = sv.value_id
            WHERE sv.story_id = s.id) AS value_names
  FROM stories s WHERE s.deleted_at IS NULL`

function toSource(r: SourceRow): SearchSource {
  return {
    id: r.id,
    ...fromRow(r, READ),
    valueIds: r.value_ids ? r.value_ids.split(SEP) : [],
    valueNames: r.value_names ? r.value_names.split(SEP) : [],
  }
}

/**
 * Every live story (not in the trash), as the search indexes it, read one row at a time as it is
 * asked for: a build keeps a shard's texts, not the library's (50,000 stories: 225 MB of text).
 * The connection is busy until the last one is read.
 */
export function* liveSources(db: Database.Database): Generator<SearchSource> {
  for (const row of db.prepare(SELECT).iterate() as IterableIterator<SourceRow>) yield toSource(row)
}

/** sourceOf's statement per connection, prepared once: preparing it took as long as running it (a page of results reads ~20–50). */
const oneSource = new WeakMap<Database.Database, Database.Statement>()

/** One story as the search sees it, or null when it is gone or in the trash. */
export function sourceOf(db: Database.Database, id: string): SearchSource | null {
  let select = oneSource.get(db)
  if (!select) oneSource.set(db, (select = db.prepare(`${SELECT} AND s.id = ?`)))
  const row = select.get(id) as SourceRow | undefined
  return row ? toSource(row) : null
}

/**
 * The text a quoted phrase must appear in, by story id (null when the story is gone): the title and
 * body search fields, read without the rest of the story.
 */
export function phraseTexts(db: Database.Database): (id: string) => string | null {
  const fields = [...FED_BY.title, ...FED_BY.body]
  const select = db.prepare(`SELECT ${storyColumns(fields)} FROM stories s WHERE s.id = ?`)
  return (id) => {
    const row = select.get(id) as Record<string, unknown> | undefined
    if (!row) return null
    const source = fromRow(row, fields)
    return `${searchText(source, 'title')}\n${searchText(source, 'body')}`
  }
}
