import type { TrainingLanguage } from '@core/training/training-types'
import { i18n } from '../../i18n'

/** The window's language as a training language: what a new trainee trains in and a new scenario is written in. */
export function windowLanguage(): TrainingLanguage {
  const locale = i18n.global.locale.value
  return locale === 'da' || locale === 'sv' ? locale : 'en'
}

/**
 * A score (0–1) as a whole percentage the way the window's language writes it: "80%" in English,
 * "80 %" in Danish and Swedish; a dash while there is no score yet.
 */
export function formatPercent(share: number | null): string {
  if (share === null) return '–'
  return new Intl.NumberFormat(i18n.global.locale.value, { style: 'percent', maximumFractionDigits: 0 }).format(share)
}
