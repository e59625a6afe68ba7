import type { StoryLanguage } from '../stories/story'
import type { Outcome } from './scenario'
import type { StepView } from './session-engine'

/** The languages a trainee trains in and a scenario is written in: the stories' languages. */
export type TrainingLanguage = StoryLanguage

export type TrainingMode = 'onboarding' | 'practice' | 'focus'

export interface Trainee {
  id: string
  name: string
  team: string
  startDate: string
  /** Scenarios are picked in this language where they exist in it. */
  language: TrainingLanguage
  /** The account's address for a person who signs in to train (team server); null for a trainee a trainer keeps. */
  email: string | null
}

export interface Fact {
  id: string
  text: string
  source: string
}

export interface ChoiceFeedback {
  choiceId: string
  text: string
  feedback: string
  quality: number
  serves: string[]
  betrays: string[]
}

export interface Ending {
  outcome: Outcome
  label: string
  score: number
  /** "What really happened": the real story behind the scenario, when there is one. */
  story: { id: string; title: string } | null
}

export type SessionStart =
  | {
      sessionId: string
      scenario: {
        id: string
        title: string
        valueIds: string[]
        language: TrainingLanguage
        /** "In English" and so on, when the scenario has no version in the trainee's language; else null. */
        languageLabel: string | null
      }
      step: StepView
      /** A "did you know" card, now and then. */
      fact: Fact | null
      /** Scenarios left in this mode after this one. */
      remaining: number
    }
  | { sessionId: null; message: string }

export interface AnswerResult {
  feedback: ChoiceFeedback
  next: StepView | null
  ending: Ending | null
}

export interface ValueScore {
  valueId: string
  /** 0–1, or null before any attempt touches the value. */
  score: number | null
  attempts: number
}

export interface TraineeProgress {
  trainee: Trainee
  values: ValueScore[]
  scenariosDone: number
  attempts: number
  dueNow: number
  pathDone: number
  pathTotal: number
  pathScore: number | null
  certificate: boolean
  weakestValueId: string | null
  lastActivity: string | null
}

export const CERTIFICATE_THRESHOLD = 0.8
