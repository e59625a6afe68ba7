import { isRealDate } from '../stories/story-input'

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  maj: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  okt: 10,
  oct: 10,
  nov: 11,
  dec: 12,
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * Dates as spreadsheets and story forms write them: 2026-03-14, 14.03.2026, 14/03/2026, 14-03-2026,
 * 2026/03/14, "14 March 2026", "March 14, 2026", and a date-time whose date part is one of those.
 * Day-first for slashes, as in Scandinavia; returns null for anything else, or a day that does not exist.
 */
export function parseLooseDate(input: string): string | null {
  const text = input.trim().replace(/[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, '')
  let y: number, m: number, d: number
  let match: RegExpExecArray | null
  if ((match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text))) [y, m, d] = [+match[1], +match[2], +match[3]]
  else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text))) [d, m, y] = [+match[1], +match[2], +match[3]]
  else if ((match = /^(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})$/i.exec(text)) && MONTHS[match[2].slice(0, 3).toLowerCase()]) {
    ;[d, m, y] = [+match[1], MONTHS[match[2].slice(0, 3).toLowerCase()], +match[3]]
  } else if ((match = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/i.exec(text)) && MONTHS[match[1].slice(0, 3).toLowerCase()]) {
    ;[m, d, y] = [MONTHS[match[1].slice(0, 3).toLowerCase()], +match[2], +match[3]]
  } else return null
  const iso = `${y}-${pad(m)}-${pad(d)}`
  return isRealDate(iso) ? iso : null
}
