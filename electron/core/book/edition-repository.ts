import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { ChangeFeed } from '../library/change-feed'
import type { ValueRepository } from '../values/value-repository'
import { bookText, type BookLanguage } from './book-text'
import type { Edition, EditionFields } from './edition'

/** A row of `editions`: the plain fields as the edition has them, the lists as JSON text. */
type EditionRow = Pick<Edition, 'id' | 'year' | 'title' | 'subtitle' | 'company' | 'foreword' | 'closing'> & {
  page_size: Edition['pageSize']
  bleed: 0 | 1
  paper_thickness: number
  back_cover: string
  contents: Edition['contents']
  language: BookLanguage
  statuses: string
  chapter_order: string
  dropped_values: string
  excluded_stories: string
  story_order: string
  created_at: string
  updated_at: string
}

function toEdition(r: EditionRow): Edition {
  return {
    id: r.id,
    year: r.year,
    title: r.title,
    subtitle: r.subtitle,
    company: r.company,
    foreword: r.foreword,
    closing: r.closing,
    pageSize: r.page_size,
    bleed: r.bleed === 1,
    paperThickness: r.paper_thickness,
    backCover: r.back_cover,
    contents: r.contents,
    language: r.language,
    statuses: JSON.parse(r.statuses),
    chapterOrder: JSON.parse(r.chapter_order),
    droppedValues: JSON.parse(r.dropped_values),
    excludedStories: JSON.parse(r.excluded_stories),
    storyOrder: JSON.parse(r.story_order),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** Editions are per year; each stays as its curator left it when another year's is made. */
export class EditionRepository {
  constructor(
    private db: Database.Database,
    private values: ValueRepository,
    private changes: ChangeFeed,
  ) {}

  find(year: number): Edition | null {
    const row = this.db.prepare('SELECT * FROM editions WHERE year = ?').get(year) as EditionRow | undefined
    return row ? toEdition(row) : null
  }

  /** The year's edition, created with defaults on first use. */
  open(year: number): Edition {
    const existing = this.find(year)
    if (existing) return existing
    const now = new Date().toISOString()
    // A new edition is printed in the library's main language until its curator chooses another.
    const language = this.values.mainLanguage()
    this.db
      .prepare(
        `INSERT OR IGNORE INTO editions (id, year, title, subtitle, company, foreword, closing, page_size, language, statuses,
           chapter_order, dropped_values, excluded_stories, story_order, created_at, updated_at)
         VALUES (?, ?, ?, '', '', '', '', 'A4', ?, '["approved"]', ?, '[]', '[]', '{}', ?, ?)`,
      )
      .run(
        randomUUID(),
        year,
        bookText(language).t('book.defaultTitle', { year: String(year) }),
        language,
        JSON.stringify(this.values.list().map((v) => v.id)),
        now,
        now,
      )
    this.changes.publish('editions')
    return this.find(year)!
  }

  list(): Edition[] {
    return (this.db.prepare('SELECT * FROM editions ORDER BY year DESC').all() as EditionRow[]).map(toEdition)
  }

  update(year: number, fields: EditionFields): Edition {
    this.db
      .transaction(() => {
        const current = this.find(year) ?? this.open(year)
        const ids = [...(fields.chapterOrder ?? []), ...(fields.droppedValues ?? []), ...Object.keys(fields.storyOrder ?? {})]
        this.values.assertExist(ids, 'chapterOrder')
        const next = { ...current, ...fields }
        this.db
          .prepare(
            `UPDATE editions SET title = @title, subtitle = @subtitle, company = @company, foreword = @foreword,
             closing = @closing, page_size = @pageSize, bleed = @bleed, paper_thickness = @paperThickness,
             back_cover = @backCover, contents = @contents, language = @language, statuses = @statuses, chapter_order = @chapterOrder,
             dropped_values = @droppedValues, excluded_stories = @excludedStories, story_order = @storyOrder,
             updated_at = @now
           WHERE year = @year`,
          )
          .run({
            year,
            title: next.title,
            subtitle: next.subtitle,
            company: next.company,
            foreword: next.foreword,
            closing: next.closing,
            pageSize: next.pageSize,
            bleed: next.bleed ? 1 : 0,
            paperThickness: next.paperThickness,
            backCover: next.backCover,
            contents: next.contents,
            language: next.language,
            statuses: JSON.stringify(next.statuses),
            chapterOrder: JSON.stringify(next.chapterOrder),
            droppedValues: JSON.stringify(next.droppedValues),
            excludedStories: JSON.stringify(next.excludedStories),
            storyOrder: JSON.stringify(next.storyOrder),
            now: new Date().toISOString(),
          })
      })
      .immediate()
    this.changes.publish('editions')
    return this.find(year)!
  }
}
