import { useI18n } from 'vue-i18n'
import { formatNumber } from '../format'

/**
 * `tc(key, n, params)`: a plural message ("no stories | one story | {n} stories") picked by `n`,
 * with `n` written as the window's language writes numbers (1,204 / 1.204 / 1 204).
 */
export function useCount() {
  const { t } = useI18n()
  return (key: string, n: number, params: Record<string, string | number> = {}): string => t(key, { ...params, n: formatNumber(n) }, n)
}
