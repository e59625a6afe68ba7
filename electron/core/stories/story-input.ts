import { z } from 'zod'
import { STORY_LANGUAGES, STORY_STATUSES } from './story'

/**
 * A story is usually a few hundred words. This still takes a 30,000-word account (about 200,000
 * characters) while refusing a pasted file of megabytes.
 */
export const MAX_BODY_CHARS = 400_000
export const MAX_VALUES_PER_STORY = 3

export const uuid = z.uuid({ message: 'This is not a valid id.' })

/** Calendar check: `2026-02-30` matches the pattern but is not a day that exists. */
export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Local "today" plus one day, so a story written just after midnight abroad is not refused. */
function latestAllowedDate(): string {
  const t = new Date(Date.now() + 24 * 3600 * 1000)
  return t.toISOString().slice(0, 10)
}

export const isoDate = z
  .string({ message: 'Give the date it happened.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as YYYY-MM-DD.')
  .refine(isRealDate, 'That date does not exist.')
  .refine((d) => d >= '1900-01-01', 'The date is too far in the past.')
  .refine((d) => d <= latestAllowedDate(), 'The date lies in the future.')

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is too long (at most ${max} characters).`)
    .nullish()
    .transform((s) => (s ? s : null))

/** Everything a person writes in the story editor. */
export const storyFields = z
  .object({
    title: z
      .string({ message: 'Give the story a title.' })
      .trim()
      .min(1, 'Give the story a title.')
      .max(200, 'The title is too long (at most 200 characters).'),
    body: z
      .string({ message: 'Write the story itself.' })
      .refine((b) => b.trim().length > 0, 'Write the story itself.')
      .refine((b) => b.length <= MAX_BODY_CHARS, {
        error: (issue) =>
          `The story is ${String(issue.input).length.toLocaleString('en')} characters long; the limit is ${MAX_BODY_CHARS.toLocaleString('en')}.`,
      }),
    author: z
      .string({ message: 'Say who wrote the story.' })
      .trim()
      .min(1, 'Say who wrote the story.')
      .max(120, 'The author name is too long (at most 120 characters).'),
    team: z.string().trim().max(120, 'The team name is too long (at most 120 characters).').default(''),
    customerContext: optionalText(500, "The customer's situation"),
    happenedOn: isoDate,
    valueIds: z
      .array(uuid, { message: 'Tag the story with at least one core value.' })
      .min(1, 'Tag the story with at least one core value.')
      .max(MAX_VALUES_PER_STORY, `A story can have at most ${MAX_VALUES_PER_STORY} core values.`)
      .refine((ids) => new Set(ids).size === ids.length, 'A core value is listed twice.'),
    primaryValueId: uuid,
    isRecovery: z.boolean().default(false),
    /** Left out: detected from the text when the story is saved. */
    language: z.enum(STORY_LANGUAGES, { message: 'The language must be en, da or sv.' }).optional(),
  })
  .strict()
  .refine((s) => s.valueIds.includes(s.primaryValueId), {
    path: ['primaryValueId'],
    message: "The primary value must be one of the story's core values.",
  })

export type StoryFields = z.output<typeof storyFields>
export type StoryFieldsInput = z.input<typeof storyFields>

export const storyStatus = z.enum(STORY_STATUSES, {
  message: 'The status must be draft, submitted, approved or archived.',
})

export const storySort = z.enum(['newest', 'oldest', 'title'])

export const storyQuery = z
  .object({
    valueId: uuid.optional(),
    status: storyStatus.optional(),
    year: z.number().int().min(1900).max(9999).optional(),
    team: z.string().max(120).optional(),
    sort: storySort.default('newest'),
    /** List the trash instead of the live stories. */
    trashed: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict()

export type StoryQuery = z.output<typeof storyQuery>
