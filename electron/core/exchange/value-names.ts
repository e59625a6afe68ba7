import type { CoreValue } from '../values/core-value'

/** What separates value names in one cell: the app writes `; `, forms often `,` or `|`. */
const SEPARATOR = /[;|,\r\n\0]/
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Every way a value can be written in a cell: its slug and its name in each of its languages. */
const spellings = (v: Pick<CoreValue, 'name' | 'slug' | 'texts'>) => [v.slug, v.name, ...Object.values(v.texts).map((t) => t.name)]

/**
 * Finds core values in a spreadsheet cell by slug or by name in any of their languages, case-insensitively. Names may hold commas
 * ("Be adventurous, creative, and open-minded"), so whole names are matched before any splitting:
 * first the whole cell, then known names (longest first) standing between separators, and only
 * what is left is split on separators; those pieces are the unknown names.
 */
export class ValueNames {
  private exact = new Map<string, string>()
  private patterns: { re: RegExp; id: string }[]

  constructor(values: Pick<CoreValue, 'id' | 'name' | 'slug' | 'texts'>[]) {
    for (const v of values) for (const text of spellings(v)) this.exact.set(text.toLowerCase(), v.id)
    this.patterns = values
      .flatMap((v) => [...new Set(spellings(v))].map((text) => ({ text, id: v.id })))
      .sort((a, b) => b.text.length - a.text.length)
      .map(({ text, id }) => ({ re: new RegExp(escapeRegExp(text), 'giu'), id }))
  }

  /** One value by its whole name (in any language) or slug. */
  one(text: string): string | undefined {
    return this.exact.get(text.trim().toLowerCase())
  }

  /** Every value in the cell, in the order written, and the pieces that name no value. */
  all(cell: string): { ids: string[]; unknown: string[] } {
    const whole = this.one(cell)
    if (whole) return { ids: [whole], unknown: [] }
    const found: { at: number; id: string }[] = []
    // Matched spans become separators, so a shorter name cannot match inside a longer one.
    let rest = cell
    for (const { re, id } of this.patterns) {
      re.lastIndex = 0
      let m: RegExpExecArray | null
      while ((m = re.exec(rest))) {
        const end = m.index + m[0].length
        if (standsAlone(rest, m.index, end)) {
          found.push({ at: m.index, id })
          rest = rest.slice(0, m.index) + '\0'.repeat(m[0].length) + rest.slice(end)
        }
      }
    }
    const unknown = rest
      .split(SEPARATOR)
      .map((piece) => piece.trim())
      .filter(Boolean)
    const ids = [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.id))]
    return { ids, unknown }
  }
}

/** Only blanks lie between the match and a separator (or the cell's edge) on both sides. */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start).trimEnd()
  const after = text.slice(end).trimStart()
  return (before === '' || SEPARATOR.test(before.at(-1)!)) && (after === '' || SEPARATOR.test(after[0]))
}
