export { formatDate } from '@core/format-date'

export function today(): string {
  const now = new Date()
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 10)
}

export const LANGUAGE_NAMES = { en: 'English', da: 'Dansk', sv: 'Svenska' } as const
