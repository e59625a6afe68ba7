import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { api } from '../../electron/core/api'
import { storyPack } from '../../electron/core/exchange/pack-format'
import type { Catalogue } from '../../electron/core/message-format'

/** Every dotted key with a text: `errors.story.titleTooLong`, `fields.story.title` … */
export function leaves(node: Catalogue, prefix = ''): [string, string][] {
  return Object.entries(node).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  )
}

/** The source of the app, tests and the catalogue itself left out. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|vue)$/.test(name) ? [path] : []
  })
}
export const appSource = [...sources('electron'), ...sources('src')].map((path) => ({ path, text: readFileSync(path, 'utf8') }))

/** The codes the source raises or reports: `new CultureError('…'`, `problem('…'`, `fieldIssue(path, '…'` … */
export function raisedCodes(): string[] {
  return appSource.flatMap(({ text }) =>
    [
      ...text.matchAll(
        /(?:new CultureError|\bproblem|new ZipProblem\([^,]+,|fieldIssue\([^,]+,|\bproblem\([^,]+,)\(?\s*'([a-z]+\.[A-Za-z.]+)'/g,
      ),
    ].map((m) => m[1]),
  )
}

/** Every message a zod schema can produce, by walking its definition (checks, element, shape, options …). */
export function schemaMessages(schema: unknown, seen = new Set<unknown>()): string[] {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return []
  seen.add(schema)
  const found: string[] = []
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def
  if (def && typeof def.error === 'function') {
    const text = (def.error as (issue: object) => unknown)({ code: 'custom', input: undefined, path: [] })
    const message = typeof text === 'string' ? text : (text as { message?: string } | undefined)?.message
    if (message) found.push(message)
  }
  for (const value of Object.values(def ?? {})) {
    if (Array.isArray(value)) for (const v of value) found.push(...schemaMessages(v, seen))
    else if (value && typeof value === 'object') {
      found.push(...schemaMessages(value, seen))
      // An object's shape: its fields.
      if (!('_zod' in value)) for (const v of Object.values(value)) found.push(...schemaMessages(v, seen))
    }
  }
  return found
}

/** The messages the contract's inputs and the pack format can refuse with. */
export function contractMessages(): string[] {
  return [...Object.values(api).flatMap((op) => schemaMessages(op.input)), ...schemaMessages(storyPack)]
}
