import type Database from 'better-sqlite3'
import { detectLanguage } from '../search/text-analysis'
import type { ScenarioStep } from './scenario'
import { addStarterTranslations, STARTER_LANGUAGES } from './scenario-translations'

/**
 * Schema 13: a language per trainee, scenario translations keyed to their original, and the starter
 * pack in English, Danish and Swedish.
 */
export function migrateTrainingLanguages(db: Database.Database): void {
  db.exec(`
    ALTER TABLE trainees ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en','da','sv'));
    ALTER TABLE scenarios ADD COLUMN translation_of TEXT REFERENCES scenarios(id);
    CREATE INDEX scenarios_translation_of ON scenarios(translation_of);
  `)

  // The starter pack was seeded with its languages. An author's scenario kept the editor's default 'en'
  // unless someone changed it, so an 'en' one is read for its language; one set to Danish or Swedish stays.
  const setLanguage = db.prepare('UPDATE scenarios SET language = ? WHERE id = ?')
  for (const s of db.prepare('SELECT id, slug, title, language, steps FROM scenarios').all() as {
    id: string
    slug: string
    title: string
    language: string
    steps: string
  }[]) {
    if (STARTER_LANGUAGES.has(s.slug) || s.language !== 'en') continue
    const steps = JSON.parse(s.steps) as ScenarioStep[]
    const text = [s.title, ...steps.flatMap((st) => [st.situation, st.customerSays, ...st.choices.flatMap((c) => [c.text, c.feedback])])]
    const detected = detectLanguage(text.join('\n'))
    if (detected !== 'en') setLanguage.run(detected, s.id)
  }

  addStarterTranslations(db)

  // A trainee trains in the language most of their attempts were in (English when none, or on a tie with it).
  db.exec(`
    UPDATE trainees SET language = coalesce((
      SELECT s.language FROM attempts a JOIN scenarios s ON s.id = a.scenario_id
      WHERE a.trainee_id = trainees.id
      GROUP BY s.language ORDER BY count(*) DESC, s.language = 'en' DESC, s.language LIMIT 1
    ), 'en');
  `)
}
