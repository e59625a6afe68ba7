import { z } from 'zod'
import { uuid } from '../stories/story-input'

export const valueFields = z
  .object({
    name: z
      .string({ message: 'Give the core value a name.' })
      .trim()
      .min(1, 'Give the core value a name.')
      .max(120, 'The name is too long (at most 120 characters).'),
    description: z.string().trim().max(1000, 'The description is too long (at most 1000 characters).').default(''),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'The colour must look like #1971c2.')
      .transform((c) => c.toLowerCase()),
  })
  .strict()

export type ValueFields = z.output<typeof valueFields>

export const valueOrder = z
  .array(uuid)
  .min(1)
  .refine((ids) => new Set(ids).size === ids.length, 'A core value is listed twice.')
