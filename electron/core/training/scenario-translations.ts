import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import da from '../../../resources/training/translations/da.json'
import en from '../../../resources/training/translations/en.json'
import sv from '../../../resources/training/translations/sv.json'
import starterPack from '../../../resources/training/scenarios.json'
import type { ScenarioFields, ScenarioStep } from './scenario'
import type { TrainingLanguage } from './training-types'

/** A scenario's words in one language, keyed by its step and choice ids; everything else is the original's. */
export interface ScenarioTexts {
  title: string
  steps: Record<string, { situation: string; customerSays: string; choices: Record<string, { text: string; feedback: string }> }>
}

/** The starter pack's translations, by language and then by the original's slug. */
export const STARTER_TRANSLATIONS: Record<TrainingLanguage, Record<string, ScenarioTexts>> = { en, da, sv }

/** Everything but the words: what a translation must share with its original. */
export function branchingOf(s: Pick<ScenarioFields, 'start' | 'valueIds' | 'steps'>) {
  return {
    start: s.start,
    valueIds: s.valueIds,
    steps: s.steps.map((step) => ({
      id: step.id,
      choices: step.choices.map(({ id, quality, serves, betrays, next, outcome }) => ({ id, quality, serves, betrays, next, outcome })),
    })),
  }
}

/** The original's steps in the translation's words, or null when the two do not name the same steps and choices. */
export function translatedSteps(steps: ScenarioStep[], texts: ScenarioTexts): ScenarioStep[] | null {
  if (Object.keys(texts.steps).length !== steps.length) return null
  const out: ScenarioStep[] = []
  for (const step of steps) {
    const t = texts.steps[step.id]
    if (!t || Object.keys(t.choices).length !== step.choices.length) return null
    const choices = []
    for (const choice of step.choices) {
      const c = t.choices[choice.id]
      if (!c) return null
      choices.push({ ...choice, text: c.text, feedback: c.feedback })
    }
    out.push({ ...step, situation: t.situation, customerSays: t.customerSays, choices })
  }
  return out
}

interface OriginalRow {
  id: string
  slug: string
  language: TrainingLanguage
  value_ids: string
  start_step: string
  steps: string
  story_id: string | null
  story_hint: string | null
  position: number
}

/**
 * Adds the starter pack's translations next to the starter scenarios this library has. Each is built
 * from the library's own row (its value ids, branching and story link) with the words swapped, so the
 * branching is the original's by construction. A starter scenario the library deleted gets none, nor
 * does one whose steps an author changed (its translation would no longer fit); one already translated
 * is left alone, so running this twice adds nothing.
 */
export function addStarterTranslations(db: Database.Database): void {
  const original = db.prepare(
    'SELECT id, slug, language, value_ids, start_step, steps, story_id, story_hint, position FROM scenarios WHERE slug = ? AND translation_of IS NULL AND deleted_at IS NULL',
  )
  const translated = db.prepare('SELECT 1 FROM scenarios WHERE translation_of = ? AND language = ?')
  const insert = db.prepare(
    `INSERT OR IGNORE INTO scenarios (id, slug, title, language, value_ids, start_step, steps, story_id, story_hint, translation_of, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const now = new Date().toISOString()
  for (const { slug } of starterPack) {
    const row = original.get(slug) as OriginalRow | undefined
    if (!row) continue
    for (const language of Object.keys(STARTER_TRANSLATIONS) as TrainingLanguage[]) {
      const texts = STARTER_TRANSLATIONS[language][slug]
      if (language === row.language || !texts || translated.get(row.id, language)) continue
      const steps = translatedSteps(JSON.parse(row.steps), texts)
      if (!steps) continue
      insert.run(
        randomUUID(),
        `${slug}.${language}`,
        texts.title,
        language,
        row.value_ids,
        row.start_step,
        JSON.stringify(steps),
        row.story_id,
        row.story_hint,
        row.id,
        row.position,
        now,
        now,
      )
    }
  }
}

/** The starter pack's own language for each of its scenarios. */
export const STARTER_LANGUAGES = new Map(starterPack.map((s) => [s.slug, s.language as TrainingLanguage]))
