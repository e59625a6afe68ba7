import { z } from 'zod'
import { STORY_LANGUAGES, STORY_STATUSES } from '../stories/story'

export const PACK_FORMAT = 'culture-book-pack'
export const PACK_VERSION = 1

const isoDateTime = z.string().min(10).max(40)

export const packStory = z
  .object({
    id: z.uuid({ message: 'A story in the pack has an id that is not a UUID.' }),
    title: z.string(),
    body: z.string(),
    author: z.string(),
    team: z.string(),
    customerContext: z.string().nullable(),
    happenedOn: z.string(),
    status: z.enum(STORY_STATUSES),
    isRecovery: z.boolean(),
    language: z.enum(STORY_LANGUAGES),
    values: z.array(z.string()).min(1),
    primaryValue: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .strict()

export type PackStory = z.output<typeof packStory>

/** A story pack: versioned JSON, values named by slug so libraries can differ in ids. */
export const storyPack = z
  .object({
    format: z.literal(PACK_FORMAT, { message: 'This file is not a Culture Book story pack.' }),
    version: z.number().int().min(1),
    exportedAt: isoDateTime,
    values: z.array(z.object({ slug: z.string(), name: z.string(), description: z.string(), color: z.string() }).strict()),
    stories: z.array(packStory),
  })
  .strict()

export type StoryPack = z.output<typeof storyPack>
