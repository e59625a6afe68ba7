import english from '../../../resources/core-values.json'
import danish from '../../../resources/core-values.da.json'
import swedish from '../../../resources/core-values.sv.json'
import { STORY_LANGUAGES, type StoryLanguage } from '../stories/story'

/** The languages a library, and each core value's name and description, can be in: those stories are told in. */
export const VALUE_LANGUAGES = STORY_LANGUAGES
export type ValueLanguage = StoryLanguage

export interface ValueText {
  name: string
  description: string
}

/** The ten core values a new library starts with, in each language, by slug (the slugs are the same in every language). */
export const SEED_TEXTS: Record<ValueLanguage, Map<string, ValueText>> = {
  en: bySlug(english),
  da: bySlug(danish),
  sv: bySlug(swedish),
}

function bySlug(seeds: { slug: string; name: string; description: string }[]): Map<string, ValueText> {
  return new Map(seeds.map((s) => [s.slug, { name: s.name, description: s.description }]))
}
