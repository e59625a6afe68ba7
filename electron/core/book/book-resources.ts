// The print stylesheet lives in resources/ (it is the book's design, not code); the bundler inlines it.
import stylesheet from '../../../resources/book/book.css?raw'

export const BOOK_STYLESHEET: string = stylesheet
