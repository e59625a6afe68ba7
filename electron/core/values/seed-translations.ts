import type Database from 'better-sqlite3'
import { SEED_TEXTS } from './seed-texts'
import { VALUE_LANGUAGES, type ValueLanguage } from './value-texts'

/**
 * Gives the seeded core values that are still exactly as seeded in `main` (same slug, name and
 * description) their texts in the other languages. A value someone renamed or described anew keeps
 * only its own text: a translation of the old one would say something else. A translation whose
 * name another value already has (in any language) is left out, so that names stay unambiguous.
 */
export function addSeedTranslations(db: Database.Database, main: ValueLanguage): void {
  const values = db.prepare('SELECT id, slug, name, description FROM core_values').all() as {
    id: string
    slug: string
    name: string
    description: string
  }[]
  const taken = new Set(
    [...values, ...(db.prepare('SELECT name FROM core_value_texts').all() as { name: string }[])].map((v) => v.name.toLowerCase()),
  )
  const insert = db.prepare('INSERT OR IGNORE INTO core_value_texts (value_id, language, name, description) VALUES (?, ?, ?, ?)')
  for (const value of values) {
    const seeded = SEED_TEXTS[main].get(value.slug)
    if (!seeded || seeded.name !== value.name || seeded.description !== value.description) continue
    for (const language of VALUE_LANGUAGES) {
      const text = SEED_TEXTS[language].get(value.slug)
      if (language === main || !text || taken.has(text.name.toLowerCase())) continue
      insert.run(value.id, language, text.name, text.description)
      taken.add(text.name.toLowerCase())
    }
  }
}
