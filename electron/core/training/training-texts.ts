import { OUTCOME_LABELS, type Outcome } from './scenario'
import type { TrainingLanguage } from './training-types'

/**
 * What the training says to a trainee itself, in the trainee's language (the scenarios are in it too,
 * so these follow the trainee rather than the window's language).
 */
export interface TrainingTexts {
  /** The label on a scenario that has no version in the trainee's language, by the scenario's language. */
  inLanguage: Record<TrainingLanguage, string>
  outcomes: Record<Outcome, string>
  pathComplete: string
  nothingDue: string
  noneForValue: string
}

export const TRAINING_TEXTS: Record<TrainingLanguage, TrainingTexts> = {
  en: {
    inLanguage: { en: 'In English', da: 'In Danish', sv: 'In Swedish' },
    outcomes: OUTCOME_LABELS,
    pathComplete: 'The onboarding path is complete. Practice keeps what you learned fresh.',
    nothingDue: 'Nothing is due for review right now. Try the onboarding path, or focus on a value.',
    noneForValue: 'There are no scenarios for this value yet.',
  },
  da: {
    inLanguage: { en: 'På engelsk', da: 'På dansk', sv: 'På svensk' },
    outcomes: { 'customer-for-life': 'Kunde for livet', satisfied: 'Tilfreds', lost: 'Tabt – og fortæller det videre' },
    pathComplete: 'Du har gennemført introforløbet. Øv dig videre, så du holder det, du har lært, ved lige.',
    nothingDue: 'Der er ikke noget at repetere lige nu. Prøv introforløbet, eller fokusér på en kerneværdi.',
    noneForValue: 'Der er endnu ingen scenarier til denne kerneværdi.',
  },
  sv: {
    inLanguage: { en: 'På engelska', da: 'På danska', sv: 'På svenska' },
    outcomes: { 'customer-for-life': 'Kund för livet', satisfied: 'Nöjd', lost: 'Förlorad – och berättar för andra' },
    pathComplete: 'Du har gått igenom introduktionen. Fortsätt öva så att det du har lärt dig sitter kvar.',
    nothingDue: 'Det finns inget att repetera just nu. Prova introduktionen, eller fokusera på ett kärnvärde.',
    noneForValue: 'Det finns inga scenarier för det här kärnvärdet än.',
  },
}
