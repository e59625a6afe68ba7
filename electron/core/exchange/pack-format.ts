import { z } from 'zod'
import { STORY_LANGUAGES, STORY_STATUSES } from '../stories/story'

export const PACK_FORMAT = 'culture-book-pack'
/** 2: each story carries its revision id and the revisions it descends from. */
export const PACK_VERSION = 2

/**
 * A real instant with its offset, stored as the app writes its own (UTC, milliseconds), so
 * timestamps from packs sort and compare with ours as text and later saves can step past them.
 */
const isoInstant = z
  .iso.datetime({ offset: true, message: 'is not a real date and time with a time zone (such as 2025-06-14T09:30:00Z)' })
  .transform((s) => new Date(s).toISOString())

const revisionId = z.uuid({ message: 'is not a revision id' })

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
    createdAt: isoInstant,
    updatedAt: isoInstant,
    /** This version's id (version 2). Without it, a story is compared as in version 1. */
    revision: revisionId.optional(),
    /** The revisions this version descends from, or that its library decided it supersedes. */
    ancestors: z.array(revisionId).max(100_000).optional(),
  })
  .strict()

export type PackStory = z.output<typeof packStory>

/** A story pack: versioned JSON, values named by slug so libraries can differ in ids. */
export const storyPack = z
  .object({
    format: z.literal(PACK_FORMAT, { message: 'This file is not a Culture Book story pack.' }),
    version: z.number().int().min(1),
    exportedAt: isoInstant,
    values: z.array(z.object({ slug: z.string(), name: z.string(), description: z.string(), color: z.string() }).strict()),
    stories: z.array(packStory),
  })
  .strict()

export type StoryPack = z.output<typeof storyPack>
