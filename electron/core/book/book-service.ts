import type Database from 'better-sqlite3'
import type { ValueRepository } from '../values/value-repository'
import { composeBook, yearStories } from './book-composer'
import type { BookModel } from './book-model'
import type { EditionRepository } from './edition-repository'

/** Ties editions to the library: the book model for a year, as the curator has shaped it. */
export class BookService {
  constructor(
    private db: Database.Database,
    private values: ValueRepository,
    readonly editions: EditionRepository,
  ) {}

  model(year: number): BookModel {
    const edition = this.editions.open(year)
    // Chapter names, descriptions and running heads in the edition's language where the value has them.
    return composeBook(edition, this.values.list(edition.language), yearStories(this.db, edition))
  }
}
