/**
 * `2025-03-14` → `14 March 2025` (en-GB), `14. marts 2025` (da), `14 mars 2025` (sv): read as a calendar
 * day, so no time zone can shift it.
 */
export function formatDate(iso: string, locale = 'en-GB'): string {
  const [y, m, d] = iso.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** The calendar day where the user is, `2025-03-14`: a file exported just after midnight is named for that day, not UTC's. */
export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
