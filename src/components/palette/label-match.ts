import type { TextSegment } from '@core/search/search-types'

/** One character as matching compares it: lower case, accents dropped ("É" → "e"), so "tema" finds "Téma". */
const fold = (c: string) => c.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()

/**
 * Whether every word of `query` occurs in `label` (case and accents ignored), as the label's text
 * with those words marked for MarkedText; null when a word is missing.
 */
export function matchLabel(label: string, query: string): TextSegment[] | null {
  const chars = [...label]
  // The folded label, and for each of its characters the label character it came from.
  let folded = ''
  const from: number[] = []
  chars.forEach((c, i) => {
    for (const f of fold(c)) {
      folded += f
      from.push(i)
    }
  })
  const marked = new Array<boolean>(chars.length).fill(false)
  for (const word of query.split(/\s+/).filter(Boolean)) {
    const needle = [...word].map(fold).join('')
    const at = folded.indexOf(needle)
    if (at < 0) return null
    for (let i = at; i < at + needle.length; i++) marked[from[i]] = true
  }
  const segments: TextSegment[] = []
  chars.forEach((c, i) => {
    const last = segments.at(-1)
    if (last && last.mark === marked[i]) last.text += c
    else segments.push({ text: c, mark: marked[i] })
  })
  return segments
}
