import english from '../../../resources/core-values.json'
import danish from '../../../resources/core-values.da.json'
import swedish from '../../../resources/core-values.sv.json'
import type { ValueLanguage, ValueText } from './value-texts'

/** The ten core values a new library starts with, in each language, by slug (the slugs are the same in every language). */
export const SEED_TEXTS: Record<ValueLanguage, Map<string, ValueText>> = {
  en: bySlug(english),
  da: bySlug(danish),
  sv: bySlug(swedish),
}

function bySlug(seeds: { slug: string; name: string; description: string }[]): Map<string, ValueText> {
  return new Map(seeds.map((s) => [s.slug, { name: s.name, description: s.description }]))
}
