/**
 * The part of vue-i18n's message syntax the catalogues use, so the core can write English for logs,
 * the command line and `err.message` from the same file the windows translate with vue-i18n:
 * `{name}` placeholders, `{'text'}` literals and plural forms `one | many` (or `none | one | many`)
 * chosen by a count. A test renders every catalogue entry both ways and compares.
 */
export type Catalogue = { [key: string]: string | Catalogue }

/** The entry at a dotted key, or the key itself when there is none (as vue-i18n does). */
export function lookup(catalogue: Catalogue, key: string): string {
  let at: string | Catalogue | undefined = catalogue
  for (const part of key.split('.')) at = typeof at === 'object' ? at[part] : undefined
  return typeof at === 'string' ? at : key
}

/** vue-i18n's default rule: with two forms 1 is singular and 0 plural; with three, 0, 1 and more. */
function pluralIndex(count: number, forms: number): number {
  const n = Math.abs(count)
  if (forms === 2) return n === 1 ? 0 : 1
  return Math.min(n, forms - 1, 2)
}

/** The plural forms of a message: split at `|` outside braces, each trimmed. */
export function pluralForms(message: string): string[] {
  const forms: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < message.length; i++) {
    const c = message[i]
    if (c === '{') depth++
    else if (c === '}') depth = Math.max(0, depth - 1)
    else if (c === '|' && depth === 0) {
      forms.push(message.slice(start, i).trim())
      start = i + 1
    }
  }
  forms.push(message.slice(start).trim())
  return forms
}

export function formatMessage(message: string, params: Record<string, string | number> = {}, count?: number): string {
  const forms = pluralForms(message)
  const form = forms.length > 1 ? forms[pluralIndex(count ?? 1, forms.length)] : forms[0]
  return form.replace(
    /\{\s*(?:'([^']*)'|(\w+))\s*\}/g,
    (_all, literal: string | undefined, name: string) => literal ?? String(params[name] ?? ''),
  )
}
