import { z } from 'zod'
import { uuid } from '../stories/story-fields'

/**
 * What an editor types between saves, kept in the library so that closing the window or a crash
 * loses nothing. One draft per thing edited: a story or scenario by its id, or the one not saved yet.
 */
export const DRAFT_KINDS = ['story', 'scenario'] as const
export type DraftKind = (typeof DRAFT_KINDS)[number]

/** Room for a story at its longest (400,000 characters) twice over, with its other fields: well under a request's 4 MB. */
export const MAX_DRAFT_CHARS = 1_000_000

export const draftKey = z
  .object({
    kind: z.enum(DRAFT_KINDS),
    /** The story's or scenario's id; null for the one being written that has none yet. */
    id: uuid.nullable(),
  })
  .strict()
export type DraftKey = z.output<typeof draftKey>

export const draftSave = draftKey
  .extend({
    /** The editor's form as it stands: half-typed, so not held to the story's or scenario's rules. */
    content: z.record(z.string(), z.unknown()).superRefine((content, ctx) => {
      const length = JSON.stringify(content).length
      if (length > MAX_DRAFT_CHARS) ctx.addIssue({ code: 'custom', message: 'draft.tooLarge', params: { length, max: MAX_DRAFT_CHARS } })
    }),
    /** The `updatedAt` of the saved version the editor started from (none for a new one). */
    baseUpdatedAt: z.string().max(40).nullable().default(null),
  })
  .strict()
export type DraftSave = z.output<typeof draftSave>

export interface Draft {
  kind: DraftKind
  id: string | null
  content: Record<string, unknown>
  baseUpdatedAt: string | null
  savedAt: string
}
