import { fieldIssue, type ErrorCode, type ErrorParams, type FieldIssue } from '../errors'
import type { ScenarioFields } from './scenario'

export const MIN_CHOICES = 3
export const MAX_CHOICES = 5

/**
 * The rules a scenario graph must keep, each problem named by its step so an author can find it:
 * every step reachable, every choice going somewhere, no loop without an ending, at least one best
 * path (good choices all the way to a customer for life), distinct choices, feedback everywhere.
 */
export function validateScenario(s: ScenarioFields): FieldIssue[] {
  const issues: FieldIssue[] = []
  const problem = (step: string, code: ErrorCode, params: ErrorParams = {}) =>
    issues.push(fieldIssue(`steps.${step}`, code, { step, ...params }))
  const steps = new Map<string, ScenarioFields['steps'][number]>()
  for (const step of s.steps) {
    if (steps.has(step.id)) problem(step.id, 'scenario.stepIdTwice')
    steps.set(step.id, step)
  }
  if (!steps.has(s.start)) issues.push(fieldIssue('start', 'scenario.startMissing', { start: s.start }))

  for (const step of s.steps) {
    if (step.choices.length < MIN_CHOICES || step.choices.length > MAX_CHOICES) {
      problem(step.id, 'scenario.choiceCount', { count: step.choices.length, min: MIN_CHOICES, max: MAX_CHOICES })
    }
    const texts = new Set<string>()
    const ids = new Set<string>()
    for (const choice of step.choices) {
      const named = { choice: choice.text.slice(0, 40) }
      if (ids.has(choice.id)) problem(step.id, 'scenario.choiceIdTwice', { id: choice.id })
      ids.add(choice.id)
      const normal = choice.text.trim().toLowerCase()
      if (texts.has(normal)) problem(step.id, 'scenario.choiceTextTwice', { text: choice.text.slice(0, 40) })
      texts.add(normal)
      if (!choice.feedback.trim()) problem(step.id, 'scenario.noFeedback', named)
      if (!!choice.next === !!choice.outcome)
        problem(step.id, choice.next ? 'scenario.nextAndEnding' : 'scenario.neitherNextNorEnding', named)
      if (choice.next && !steps.has(choice.next)) problem(step.id, 'scenario.nextMissing', { ...named, next: choice.next })
    }
  }
  if (issues.length) return issues

  // Reachability from the start.
  const reached = new Set<string>()
  const queue = [s.start]
  while (queue.length) {
    const at = queue.shift()!
    if (reached.has(at)) continue
    reached.add(at)
    for (const c of steps.get(at)!.choices) if (c.next) queue.push(c.next)
  }
  for (const step of s.steps) if (!reached.has(step.id)) problem(step.id, 'scenario.unreachable')

  // A loop would let a trainee go round forever without an ending.
  const visiting = new Set<string>()
  const done = new Set<string>()
  const walk = (at: string): boolean => {
    if (visiting.has(at)) {
      problem(at, 'scenario.loop')
      return true
    }
    if (done.has(at)) return false
    visiting.add(at)
    for (const c of steps.get(at)!.choices) if (c.next && walk(c.next)) return true
    visiting.delete(at)
    done.add(at)
    return false
  }
  walk(s.start)
  if (issues.length) return issues

  // A best path: good or best choices only, ending with a customer for life.
  const bestFrom = (at: string): boolean =>
    steps.get(at)!.choices.some((c) => c.quality >= 2 && (c.outcome === 'customer-for-life' || (!!c.next && bestFrom(c.next))))
  if (!bestFrom(s.start)) {
    problem(s.start, 'scenario.noBestPath')
  }
  return issues
}
