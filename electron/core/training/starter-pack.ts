import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import starterPack from '../../../resources/training/scenarios.json'

interface StarterChoice {
  id: string
  text: string
  feedback: string
  quality: number
  serves: string[]
  betrays: string[]
  next: string | null
  outcome: string | null
}
interface StarterScenario {
  slug: string
  title: string
  language: string
  values: string[]
  start: string
  storyTitle: string | null
  steps: { id: string; situation: string; customerSays: string; choices: StarterChoice[] }[]
}

/** Loads the shipped scenarios, naming values by their slugs in this library. */
export function seedStarterScenarios(db: Database.Database): void {
  const ids = new Map((db.prepare('SELECT slug, id FROM core_values').all() as { slug: string; id: string }[]).map((r) => [r.slug, r.id]))
  const toIds = (slugs: string[]) => slugs.map((s) => ids.get(s)).filter((v): v is string => !!v)
  const insert = db.prepare(
    `INSERT OR IGNORE INTO scenarios (id, slug, title, language, value_ids, start_step, steps, story_hint, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const now = new Date().toISOString()
  ;(starterPack as StarterScenario[]).forEach((s, i) => {
    const steps = s.steps.map((step) => ({
      id: step.id,
      situation: step.situation,
      customerSays: step.customerSays ?? '',
      choices: step.choices.map((c) => ({
        id: c.id,
        text: c.text,
        feedback: c.feedback,
        quality: c.quality,
        serves: toIds(c.serves ?? []),
        betrays: toIds(c.betrays ?? []),
        next: c.next ?? null,
        outcome: c.outcome ?? null,
      })),
    }))
    insert.run(
      randomUUID(),
      s.slug,
      s.title,
      s.language,
      JSON.stringify(toIds(s.values)),
      s.start,
      JSON.stringify(steps),
      s.storyTitle,
      i,
      now,
      now,
    )
  })
}
