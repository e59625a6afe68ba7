import { z } from 'zod'
import { STORY_LANGUAGES, STORY_STATUSES, type Story } from '../stories/story'
import { PHOTO_ID } from '../photos/photo-references'
import {
  EMPTY_VALUE,
  STORY_FIELD_LIST,
  withEveryField,
  type ExchangeKey,
  type FieldKind,
  type StoryContent,
  type StoryFieldName,
} from '../stories/story-fields'

export const PACK_FORMAT = 'culture-book-pack'
/**
 * 2: each story carries its revision id and the revisions it descends from. 3: the photos its stories
 * show. A story field added later names the version that brings it (`packSince`), so an older app
 * refuses such a pack plainly.
 */
const FIELDS_SINCE = Math.max(...STORY_FIELD_LIST.map((f) => f.packSince ?? 0))
export const PACK_VERSION = Math.max(3, FIELDS_SINCE)
/** A pack without photos is written as the version before them, so an app from before photos still reads it. */
export const PACK_VERSION_WITHOUT_PHOTOS = Math.max(2, FIELDS_SINCE)

/**
 * A real instant with its offset, stored as the app writes its own (UTC, milliseconds), so
 * timestamps from packs sort and compare with ours as text and later saves can step past them.
 */
const isoInstant = z.iso.datetime({ offset: true, message: 'pack.notDateTime' }).transform((s) => new Date(s).toISOString())

const revisionId = z.uuid({ message: 'pack.notRevisionId' })

/** How a pack writes each kind of field; values are named by slug so libraries can differ in ids. */
const PACK_VALUE: Record<FieldKind, z.ZodType> = {
  line: z.string(),
  markdown: z.string(),
  note: z.string().nullable(),
  date: z.string(),
  flag: z.boolean(),
  language: z.enum(STORY_LANGUAGES),
  status: z.enum(STORY_STATUSES),
  values: z.array(z.string()).min(1),
  primaryValue: z.string(),
}

/** A story's fields under their pack keys, as the field registry declares them. */
export type PackFields = { [K in StoryFieldName as ExchangeKey<K>]: StoryContent[K] }

export type PackStory = PackFields & {
  id: string
  createdAt: string
  updatedAt: string
  /** This version's id (version 2). Without it, a story is compared as in version 1. */
  revision?: string
  /** The revisions this version descends from, or that its library decided it supersedes. */
  ancestors?: string[]
}

export const packStory = z
  .object({
    id: z.uuid({ message: 'pack.storyIdNotUuid' }),
    // A field newer than the pack's version is absent from it: it reads as empty.
    ...Object.fromEntries(
      STORY_FIELD_LIST.map((f) => [f.key, f.packSince ? PACK_VALUE[f.kind].default(EMPTY_VALUE[f.kind]) : PACK_VALUE[f.kind]]),
    ),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    revision: revisionId.optional(),
    ancestors: z.array(revisionId).max(100_000).optional(),
  })
  .strict() as unknown as z.ZodType<PackStory>

/** A story as a pack carries it, values by slug. */
export function toPackStory(s: Story, slugOf: Map<string, string>): PackStory {
  // A version saved before a field existed (a past version compared with a pack) has it empty.
  const story = withEveryField(s)
  const fields = STORY_FIELD_LIST.map((f) => {
    if (f.kind === 'values') return [f.key, story.valueIds.map((v) => slugOf.get(v)!)]
    if (f.kind === 'primaryValue') return [f.key, slugOf.get(story.primaryValueId)!]
    return [f.key, story[f.name]]
  })
  return { id: s.id, ...Object.fromEntries(fields), createdAt: s.createdAt, updatedAt: s.updatedAt } as PackStory
}

/** A pack story's fields under the story's names, its values turned into ids by `valueId`. */
export function contentOf(s: PackStory, valueId: (slug: string) => string): StoryContent {
  const pack = s as unknown as Record<string, unknown>
  const fields = STORY_FIELD_LIST.map((f) => {
    if (f.kind === 'values') return [f.name, s.values.map(valueId)]
    if (f.kind === 'primaryValue') return [f.name, valueId(s.primaryValue)]
    return [f.name, pack[f.key]]
  })
  return Object.fromEntries(fields) as StoryContent
}

/** A pack's own fields, its stories still unread: they are checked one by one (story-packs.ts). */
export const packOutline = z
  .object({
    format: z.literal(PACK_FORMAT, { message: 'pack.notAPack' }),
    version: z.number().int().min(1),
    exportedAt: isoInstant,
    values: z.array(z.object({ slug: z.string(), name: z.string(), description: z.string(), color: z.string() }).strict()),
    stories: z.array(z.unknown()),
    /** The photos the stories show (version 3): their stored bytes, base64, checked against the id on import. */
    photos: z
      .array(z.object({ id: z.string().regex(PHOTO_ID), mime: z.enum(['image/jpeg', 'image/png']), base64: z.string() }).strict())
      .max(100_000)
      .optional(),
  })
  .strict()

/** A story pack: versioned JSON, values named by slug so libraries can differ in ids. */
export const storyPack = packOutline.extend({ stories: z.array(packStory) })

export type StoryPack = z.output<typeof storyPack>
