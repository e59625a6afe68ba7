import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { CultureError, fieldIssue } from '../errors'
import type { ChangeFeed } from '../library/change-feed'
import type { ValueRepository } from '../values/value-repository'
import { slugify } from '../values/value-repository'
import type { Scenario, ScenarioFields } from './scenario'
import { validateScenario } from './scenario-validation'
import { STARTER_LANGUAGES } from './scenario-translations'

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
  family_hidden: number
}

/** Whether the family's original is hidden; `s` is the scenario row at hand. */
const FAMILY_HIDDEN = `EXISTS (SELECT 1 FROM scenarios f WHERE f.id = coalesce(s.translation_of, s.id) AND f.hidden_at IS NOT NULL)`

const SELECT = `SELECT s.*, (SELECT count(*) FROM attempts a WHERE a.scenario_id = s.id) AS attempt_count,
  ${FAMILY_HIDDEN} AS family_hidden FROM scenarios s`

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
      shipped: isShipped(r.slug),
      hidden: r.family_hidden === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  }

  /** The scenarios training plays: neither deleted nor hidden. */
  list(): Scenario[] {
    return this.rows(`s.deleted_at IS NULL AND NOT ${FAMILY_HIDDEN}`)
  }

  /** The starter scenarios someone hid, each family by its original. */
  hidden(): Scenario[] {
    return this.rows(`s.deleted_at IS NULL AND s.translation_of IS NULL AND ${FAMILY_HIDDEN}`)
  }

  private rows(where: string): Scenario[] {
    return (this.db.prepare(`${SELECT} WHERE ${where} ORDER BY s.position, s.title`).all() as ScenarioRow[]).map((r) => this.toScenario(r))
  }

  get(id: string): Scenario {
    const row = this.db.prepare(`${SELECT} WHERE s.id = ? AND s.deleted_at IS NULL`).get(id) as ScenarioRow | undefined
    if (!row) throw new CultureError('scenario.notFound')
    return this.toScenario(row)
  }

  private check(fields: ScenarioFields): void {
    const issues = validateScenario(fields)
    if (issues.length) throw new CultureError('input.invalid', {}, issues)
    this.values.assertExist(valuesNamed(fields), 'valueIds')
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
   * Asks first (played or not: the caller confirms), then retires the scenario: its row, attempts and
   * review dates stay, so undoDelete brings it back whole, and trainees' history keeps pointing at it.
   * Nothing reads a retired scenario's review dates (training asks for a live one of the family).
   */
  delete(id: string, confirmed: boolean): { deleted: true } {
    const scenario = this.get(id)
    if (!confirmed) {
      throw scenario.attemptCount > 0
        ? new CultureError('scenario.inUse', { title: scenario.title, count: scenario.attemptCount })
        : new CultureError('scenario.confirmDelete', { title: scenario.title })
    }
    this.db
      .transaction(() => {
        this.get(id)
        this.db.prepare('UPDATE scenarios SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), id)
      })
      .immediate()
    this.changes.publish('training')
    return { deleted: true }
  }

  /** Brings a deleted scenario back as it was; refused when a value it names has been deleted since. */
  undoDelete(id: string): Scenario {
    this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT title, value_ids, steps, deleted_at FROM scenarios WHERE id = ?').get(id) as
          { title: string; value_ids: string; steps: string; deleted_at: string | null } | undefined
        if (!row) throw new CultureError('scenario.notFound')
        if (!row.deleted_at) throw new CultureError('scenario.notDeleted', { title: row.title })
        const named = valuesNamed({ valueIds: JSON.parse(row.value_ids), steps: JSON.parse(row.steps) })
        if (this.values.unknownAmong(named)) throw new CultureError('scenario.undoValueGone', { title: row.title })
        this.db.prepare('UPDATE scenarios SET deleted_at = NULL WHERE id = ?').run(id)
      })
      .immediate()
    this.changes.publish('training')
    return this.get(id)
  }

  /**
   * Hides a starter scenario (with its translations) from training and the list, or (`hidden` false)
   * shows it again. Only the shipped ones: an author's own scenario is deleted instead.
   */
  setHidden(id: string, hidden: boolean): Scenario {
    this.db
      .transaction(() => {
        const scenario = this.get(id)
        if (!scenario.shipped) throw new CultureError('scenario.notShipped', { title: scenario.title })
        this.db.prepare('UPDATE scenarios SET hidden_at = ? WHERE id = ?').run(hidden ? new Date().toISOString() : null, familyOf(scenario))
      })
      .immediate()
    this.changes.publish('training')
    return this.get(id)
  }
}

/** Every value a scenario names: its own, and those its choices serve or betray. */
function valuesNamed(s: Pick<ScenarioFields, 'valueIds' | 'steps'>): string[] {
  return [...new Set([...s.valueIds, ...s.steps.flatMap((st) => st.choices.flatMap((c) => [...c.serves, ...c.betrays]))])]
}

/** A starter scenario, or one of the starter pack's translations of it (slugged `<slug>.<language>`). */
function isShipped(slug: string): boolean {
  return STARTER_LANGUAGES.has(slug.replace(/\.(en|da|sv)$/, ''))
}

/** The id an original and its translations share: progress and review dates are kept by it. */
export function familyOf(s: Pick<Scenario, 'id' | 'translationOf'>): string {
  return s.translationOf ?? s.id
}
