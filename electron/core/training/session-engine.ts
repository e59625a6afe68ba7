import { CultureError } from '../errors'
import type { Outcome, Scenario, ScenarioChoice } from './scenario'

export interface StepView {
  stepId: string
  situation: string
  customerSays: string
  /** Shuffled: the best answer is not always first. */
  choices: { id: string; text: string }[]
}

export interface SessionState {
  scenario: Scenario
  stepId: string
  path: { stepId: string; choice: ScenarioChoice }[]
  order: Record<string, string[]>
  outcome: Outcome | null
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** A branching scenario as a small state machine: a step, a choice, then the next step or an ending. */
export function startSession(scenario: Scenario, random: () => number = Math.random): SessionState {
  const order = Object.fromEntries(
    scenario.steps.map((s) => [
      s.id,
      shuffled(
        s.choices.map((c) => c.id),
        random,
      ),
    ]),
  )
  return { scenario, stepId: scenario.start, path: [], order, outcome: null }
}

export function stepView(state: SessionState): StepView {
  const step = state.scenario.steps.find((s) => s.id === state.stepId)!
  const byId = new Map(step.choices.map((c) => [c.id, c]))
  return {
    stepId: step.id,
    situation: step.situation,
    customerSays: step.customerSays,
    choices: state.order[step.id].map((id) => ({ id, text: byId.get(id)!.text })),
  }
}

export function answer(state: SessionState, choiceId: string): { state: SessionState; choice: ScenarioChoice } {
  if (state.outcome) throw new CultureError('training.scenarioEnded')
  const step = state.scenario.steps.find((s) => s.id === state.stepId)!
  const choice = step.choices.find((c) => c.id === choiceId)
  if (!choice) throw new CultureError('training.notAChoice')
  const next: SessionState = {
    ...state,
    path: [...state.path, { stepId: step.id, choice }],
    stepId: choice.next ?? state.stepId,
    outcome: choice.outcome,
  }
  return { state: next, choice }
}

const OUTCOME_VALUE: Record<Outcome, number> = { 'customer-for-life': 1, satisfied: 0.5, lost: 0 }

/** 0–1: how good the answers were, and where they led. */
export function scoreOf(state: SessionState): number {
  if (!state.outcome || state.path.length === 0) return 0
  const answers = state.path.reduce((sum, p) => sum + p.choice.quality / 3, 0) / state.path.length
  return Math.round((0.7 * answers + 0.3 * OUTCOME_VALUE[state.outcome]) * 1000) / 1000
}

/** +1 for every value an answer served, −1 for every value it went against. */
export function valueMarks(state: SessionState): Record<string, number> {
  const marks: Record<string, number> = {}
  for (const { choice } of state.path) {
    for (const v of choice.serves) marks[v] = (marks[v] ?? 0) + 1
    for (const v of choice.betrays) marks[v] = (marks[v] ?? 0) - 1
  }
  return marks
}
