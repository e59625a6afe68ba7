import { z } from 'zod'
import { STORY_STATUSES } from './story'
import { uuid } from './story-fields'

// The field rules and the editor's schema live with the field registry; imported from here too.
export {
  MAX_BODY_CHARS,
  MAX_VALUES_PER_STORY,
  isRealDate,
  isoDate,
  storyFields,
  uuid,
  type StoryFields,
  type StoryFieldsInput,
} from './story-fields'

export const storyStatus = z.enum(STORY_STATUSES, { message: 'story.statusInvalid' })

export const storySort = z.enum(['newest', 'oldest', 'title'])

/** The longest reason a reviewer may give with a status change. */
export const MAX_REVIEW_NOTE = 300

/** Why a status changes (an archive's reason) and who changed it, kept in the story's history; both optional. */
export const reviewNote = {
  note: z.string().trim().max(MAX_REVIEW_NOTE, 'story.noteTooLong').optional(),
  by: z.string().trim().max(120, 'story.reviewerTooLong').optional(),
}

export const storyQuery = z
  .object({
    valueId: uuid.optional(),
    status: storyStatus.optional(),
    year: z.number().int().min(1900).max(9999).optional(),
    team: z.string().max(120).optional(),
    sort: storySort.default('newest'),
    /** List the trash instead of the live stories. */
    trashed: z.boolean().default(false),
    /** Only the caller's own stories (a team server's "My stories"); ignored without a signed-in caller. */
    mine: z.boolean().optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict()

export type StoryQuery = z.output<typeof storyQuery>
