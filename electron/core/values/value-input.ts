import { z } from 'zod'
import { uuid } from '../stories/story-input'
import { VALUE_LANGUAGES } from './value-texts'

export const valueLanguage = z.enum(VALUE_LANGUAGES)

export const valueFields = z
  .object({
    name: z.string({ message: 'value.nameMissing' }).trim().min(1, 'value.nameMissing').max(120, 'value.nameTooLong'),
    description: z.string().trim().max(1000, 'value.descriptionTooLong').default(''),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'value.colorInvalid')
      .transform((c) => c.toLowerCase()),
  })
  .strict()

export type ValueFields = z.output<typeof valueFields>

export const valueOrder = z
  .array(uuid)
  .min(1)
  .refine((ids) => new Set(ids).size === ids.length, 'value.listedTwice')
