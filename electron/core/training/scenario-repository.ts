import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { CultureError, fieldIssue } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { ValueRepository } from '../values/value-repository'
import { slugify } from '../values/value-repository'
import type { Scenario, ScenarioFields } from './scenario'
import { validateScenario } from './scenario-validation'

interface ScenarioRow {
  id: string
  slug: string
  title: string
  language: Scenario['language']
  value_ids: string
  start_step: string
  steps: string
  story_id: string | null
  story_hint: string | null
  translation_of: string | null
  created_at: string
  updated_at: string
  attempt_count: number
}

const SELECT = `SELECT s.*, (SELECT count(*) FROM attempts a WHERE a.scenario_id = s.id) AS attempt_count FROM scenarios s`

export class ScenarioRepository {
  constructor(
    private db: Database.Database,
    private values: ValueRepository,
    private changes: ChangeFeed,
  ) {}

  private toScenario(r: ScenarioRow): Scenario {
    // The starter pack links its real story by title; resolve it once such a story is in the library.
    const storyId =
      r.story_id ??
      (r.story_hint
        ? ((
            this.db.prepare('SELECT id FROM stories WHERE title = ? AND deleted_at IS NULL LIMIT 1').get(r.story_hint) as
              { id: string } | undefined
          )?.id ?? null)
        : null)
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      language: r.language,
      valueIds: JSON.parse(r.value_ids),
      start: r.start_step,
      steps: JSON.parse(r.steps),
      storyId,
      translationOf: r.translation_of,
      attemptCount: r.attempt_count,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  }

  list(): Scenario[] {
    return (this.db.prepare(`${SELECT} WHERE s.deleted_at IS NULL ORDER BY s.position, s.title`).all() as ScenarioRow[]).map((r) =>
      this.toScenario(r),
    )
  }

  get(id: string): Scenario {
    const row = this.db.prepare(`${SELECT} WHERE s.id = ? AND s.deleted_at IS NULL`).get(id) as ScenarioRow | undefined
    if (!row) throw new CultureError('scenario.notFound')
    return this.toScenario(row)
  }

  private check(fields: ScenarioFields): void {
    const issues = validateScenario(fields)
    if (issues.length) throw new CultureError('input.invalid', {}, issues)
    const valueIds = new Set([...fields.valueIds, ...fields.steps.flatMap((s) => s.choices.flatMap((c) => [...c.serves, ...c.betrays]))])
    this.values.assertExist([...valueIds], 'valueIds')
    if (fields.storyId && !this.db.prepare('SELECT 1 FROM stories WHERE id = ?').get(fields.storyId)) {
      throw new CultureError('input.invalid', {}, [fieldIssue('storyId', 'scenario.storyNotFound')])
    }
  }

  save(id: string | null, fields: ScenarioFields): Scenario {
    this.check(fields)
    const now = new Date().toISOString()
    const scenarioId = id ?? randomUUID()
    // The columns an edit and a new scenario both write, in the order both statements name them.
    const columns = [
      fields.title,
      fields.language,
      JSON.stringify(fields.valueIds),
      fields.start,
      JSON.stringify(fields.steps),
      fields.storyId,
    ]
    this.db
      .transaction(() => {
        if (id) {
          this.get(id)
          this.db
            .prepare(
              `UPDATE scenarios SET title = ?, language = ?, value_ids = ?, start_step = ?, steps = ?, story_id = ?, story_hint = NULL, updated_at = ? WHERE id = ?`,
            )
            .run(...columns, now, id)
        } else {
          const base = slugify(fields.title)
          let slug = base
          for (let n = 2; this.db.prepare('SELECT 1 FROM scenarios WHERE slug = ?').get(slug); n++) slug = `${base}-${n}`
          const { next } = this.db.prepare('SELECT coalesce(max(position) + 1, 0) AS next FROM scenarios').get() as { next: number }
          this.db
            .prepare(
              `INSERT INTO scenarios (id, slug, title, language, value_ids, start_step, steps, story_id, position, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(scenarioId, slug, ...columns, next, now, now)
        }
      })
      .immediate()
    this.changes.publish('training')
    return this.get(scenarioId)
  }

  /**
   * A scenario with attempts is only retired (trainees' history keeps pointing at it), and only
   * when the caller confirms; so is an original whose translations stay (its id names their family).
   * Otherwise it is deleted. Review dates go with the last scenario of a family.
   */
  delete(id: string, confirmed: boolean): { deleted: true } {
    const scenario = this.get(id)
    if (scenario.attemptCount > 0 && !confirmed) {
      throw new CultureError('scenario.inUse', { title: scenario.title, count: scenario.attemptCount })
    }
    const family = familyOf(scenario)
    const others = this.list().filter((s) => s.id !== id && familyOf(s) === family)
    this.db
      .transaction(() => {
        if (!others.length) this.db.prepare('DELETE FROM review_state WHERE scenario_id = ?').run(family)
        if (scenario.attemptCount > 0 || (family === id && others.length)) {
          this.db.prepare('UPDATE scenarios SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), id)
        } else {
          this.db.prepare('DELETE FROM scenarios WHERE id = ?').run(id)
        }
      })
      .immediate()
    this.changes.publish('training')
    return { deleted: true }
  }
}

/** The id an original and its translations share: progress and review dates are kept by it. */
export function familyOf(s: Pick<Scenario, 'id' | 'translationOf'>): string {
  return s.translationOf ?? s.id
}
