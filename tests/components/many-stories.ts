// Lives beside the other library helpers, where the unit tests reach it too.
export { manyStories } from '../unit/temp-library'
