import type { CultureCore } from '../culture-core'
import { DUPLICATE_SIMILARITY } from '../search/search-types'
import type { ReviewNote, ReviewResult, StoryStatus } from './story'

/** A bulk approval looks for look-alikes among its first stories only, so it answers at once. */
const CHECKED_FOR_DUPLICATES = 50

/**
 * A reviewer's decision on several stories: one transaction for all of them (refusals reported per
 * story), then, for approvals, a duplicate warning for each that reads like a story already told.
 */
export function reviewStories(core: CultureCore, ids: string[], status: StoryStatus, review: ReviewNote): ReviewResult {
  const result = core.stories.setStatusMany(ids, status, review)
  const duplicates =
    status === 'approved'
      ? result.changed.slice(0, CHECKED_FOR_DUPLICATES).flatMap(({ id, title }) => {
          const [like] = core.search.similar(id, 1)
          return like && like.similarity >= DUPLICATE_SIMILARITY ? [{ id, title, like }] : []
        })
      : []
  return { ...result, duplicates }
}
