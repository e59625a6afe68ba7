import { z } from 'zod'
import type { ErrorCode } from '../errors'
import type { TrainingLanguage } from './training-types'

export const OUTCOMES = ['customer-for-life', 'satisfied', 'lost'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const OUTCOME_LABELS: Record<Outcome, string> = {
  'customer-for-life': 'Customer for life',
  satisfied: 'Satisfied',
  lost: 'Lost, and tells others',
}

/** 3 best, 2 good, 1 weak, 0 harmful. */
export type Quality = 0 | 1 | 2 | 3

export interface ScenarioChoice {
  id: string
  text: string
  feedback: string
  quality: Quality
  /** Value ids this choice lives up to, and goes against. */
  serves: string[]
  betrays: string[]
  next: string | null
  outcome: Outcome | null
}

export interface ScenarioStep {
  id: string
  situation: string
  customerSays: string
  choices: ScenarioChoice[]
}

export interface Scenario {
  id: string
  slug: string
  title: string
  language: TrainingLanguage
  /**
   * The scenario this one translates, or null for an original. An original and its translations are
   * one family: the same branching in other words, sharing a trainee's progress and review schedule.
   */
  translationOf: string | null
  /** Value ids; the first is the scenario's primary value. */
  valueIds: string[]
  start: string
  steps: ScenarioStep[]
  /** The real story behind it, shown after the ending. */
  storyId: string | null
  attemptCount: number
  /** One of the starter pack's (or its translation): hidden and shown again rather than deleted. */
  shipped: boolean
  /** Its family is hidden: left out of the list, sessions and the path until shown again. */
  hidden: boolean
  createdAt: string
  updatedAt: string
}

const id = z.string().trim().min(1, 'scenario.idMissing').max(40, 'scenario.idTooLong')
const text = (empty: ErrorCode, tooLong: ErrorCode, max: number) => z.string().trim().min(1, empty).max(max, tooLong)

/** What an author writes; the graph rules (reachable, no loops, …) are checked by scenario-validation.ts. */
export const scenarioFields = z
  .object({
    title: text('scenario.titleMissing', 'scenario.titleTooLong', 200),
    language: z.enum(['en', 'da', 'sv']).default('en'),
    valueIds: z.array(z.uuid()).min(1, 'scenario.valuesMissing').max(3, 'scenario.tooManyValues'),
    start: id,
    storyId: z.uuid().nullable().default(null),
    steps: z
      .array(
        z
          .object({
            id,
            situation: text('scenario.situationMissing', 'scenario.situationTooLong', 2000),
            customerSays: z.string().trim().max(2000).default(''),
            choices: z
              .array(
                z
                  .object({
                    id,
                    text: text('scenario.choiceMissing', 'scenario.choiceTooLong', 500),
                    feedback: z.string().trim().max(2000),
                    quality: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
                    serves: z.array(z.uuid()).default([]),
                    betrays: z.array(z.uuid()).default([]),
                    next: z.string().nullable().default(null),
                    outcome: z.enum(OUTCOMES).nullable().default(null),
                  })
                  .strict(),
              )
              .min(1, 'scenario.choicesMissing'),
          })
          .strict(),
      )
      .min(1, 'scenario.stepsMissing')
      .max(30, 'scenario.tooManySteps'),
  })
  .strict()

export type ScenarioFields = z.output<typeof scenarioFields>
