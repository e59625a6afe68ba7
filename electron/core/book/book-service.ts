import type Database from 'better-sqlite3'
import type { ValueRepository } from '../values/value-repository'
import { composeBookSteps, yearStoryCount, yearStorySteps } from './book-composer'
import type { BookModel } from './book-model'
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

  /** Stories the year has to draw on, before the edition leaves any out. */
  storiesToDrawOn(year: number): number {
    return yearStoryCount(this.db, this.editions.open(year))
  }
}
