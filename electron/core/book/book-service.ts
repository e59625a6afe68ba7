import type Database from 'better-sqlite3'
import type { ValueRepository } from '../values/value-repository'
import { composeBookSteps, yearStoryCount, yearStorySteps } from './book-composer'
import type { BookModel } from './book-model'
import type { StoryStatus } from '../stories/story'
import type { EditionRepository } from './edition-repository'
import { runAtOnce, runInSlices, type Steps } from '../exchange/slices'

/** Ties editions to the library: the book model for a year, as the curator has shaped it. */
export class BookService {
  constructor(
    private db: Database.Database,
    private values: ValueRepository,
    readonly editions: EditionRepository,
  ) {}

  model(year: number): BookModel {
    return runAtOnce(this.modelSteps(year))
  }

  /** The same, a slice at a time: the book page's plan of 2,500 stories held the event loop ~150 ms. */
  modelInSlices(year: number): Promise<BookModel> {
    return runInSlices(this.modelSteps(year))
  }

  /** The model as steps (a story each), for an export that must not hold up the main process. */
  *modelSteps(year: number): Steps<BookModel> {
    const edition = this.editions.open(year)
    const stories = yield* yearStorySteps(this.db, edition)
    // Chapter names, descriptions and running heads in the edition's language where the value has them.
    return yield* composeBookSteps(edition, this.values.list(edition.language), stories)
  }

  /**
   * The year the book page opens on: the edition the curator changed last, while it has stories to
   * print; else the latest year that has some; null when none has. (It opened on the current year,
   * which early in a year has no approved stories at all.)
   */
  openingYear(): number | null {
    const found = this.db
      .prepare(`SELECT DISTINCT CAST(substr(happened_on, 1, 4) AS INTEGER) AS year, status FROM stories WHERE deleted_at IS NULL`)
      .all() as { year: number; status: StoryStatus }[]
    const editions = new Map(this.editions.list().map((e) => [e.year, e]))
    // A year without an edition yet would get one that prints approved stories.
    const printable = (year: number) => {
      const statuses: StoryStatus[] = editions.get(year)?.statuses ?? ['approved']
      return found.some((f) => f.year === year && statuses.includes(f.status))
    }
    const worked = [...editions.values()]
      .filter((e) => e.updatedAt > e.createdAt && printable(e.year))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]
    if (worked) return worked.year
    const years = [...new Set(found.map((f) => f.year))].filter(printable).sort((a, b) => b - a)
    return years[0] ?? null
  }

  /** Stories the year has to draw on, before the edition leaves any out. */
  storiesToDrawOn(year: number): number {
    return yearStoryCount(this.db, this.editions.open(year))
  }
}
