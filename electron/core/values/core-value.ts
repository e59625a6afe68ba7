import type { ValueLanguage, ValueText } from './value-texts'

export interface CoreValue {
  id: string
  slug: string
  /** In the language asked for, or in the library's main language where the value has no text in that one. */
  name: string
  description: string
  /** The language `name` and `description` are in. */
  language: ValueLanguage
  /** The value's name and description in every language it has them in, the library's main language always among them. */
  texts: Partial<Record<ValueLanguage, ValueText>>
  /** `#rrggbb` */
  color: string
  /** 0-based display and chapter order */
  position: number
  /** Stories that use this value, trashed ones included (they still reference it). */
  storyCount: number
}
