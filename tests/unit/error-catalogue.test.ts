import { join } from 'node:path'
import { createI18n } from 'vue-i18n'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import en from '../../resources/locales/en.json'
import { api, type ApiMethod } from '../../electron/core/api'
import { createDispatch } from '../../electron/core/dispatch'
import { english, isErrorCode, kindOf, type ErrorCode } from '../../electron/core/errors'
import { formatMessage, type Catalogue } from '../../electron/core/message-format'
import { appSource, contractMessages, leaves, raisedCodes } from './raised-codes'
import { tempCore } from './temp-library'

const entries = leaves(en as Catalogue)
const codes = entries.filter(([k]) => k.startsWith('errors.')).map(([k]) => k.slice('errors.'.length) as ErrorCode)

/** The names of an input's fields, nested ones included. */
function schemaKeys(schema: unknown, seen = new Set<unknown>()): string[] {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return []
  seen.add(schema)
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def ?? {}
  const shape = def.shape as Record<string, unknown> | undefined
  const own = shape ? Object.keys(shape) : []
  const inner = Object.values(def).flatMap((v) => (Array.isArray(v) ? v.flatMap((x) => schemaKeys(x, seen)) : schemaKeys(v, seen)))
  return [...own, ...(shape ? Object.values(shape).flatMap((v) => schemaKeys(v, seen)) : []), ...inner]
}

describe('the English catalogue', () => {
  it('reads the same in the core’s formatter as in vue-i18n, for every entry and plural form', () => {
    const t = createI18n({ legacy: false, locale: 'en', messages: { en } }).global.t
    for (const [key, text] of entries) {
      const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const params = Object.fromEntries(names.map((n) => [n, `<${n}>`]))
      const plural = text.includes('|')
      for (const count of plural ? [0, 1, 2, 7] : [undefined]) {
        const given = count === undefined ? params : { ...params, count: String(count) }
        const core = formatMessage(text, given, count)
        const theirs = count === undefined ? t(key, given) : t(key, given, count)
        expect(core, `${key} (${count})`).toBe(theirs)
      }
    }
  })

  it('has an English text for every code the core raises, and every code has a kind', () => {
    const raised = raisedCodes()
    expect(raised.length).toBeGreaterThan(150)
    for (const code of raised) expect(isErrorCode(code), code).toBe(true)
    for (const code of codes) expect(kindOf(code), code).toMatch(/^[a-z_]+$/)
  })

  it('has every message a contract schema or the pack format can give as a code with a text', () => {
    const messages = contractMessages()
    expect(messages.length).toBeGreaterThan(40)
    expect(messages.filter((m) => !isErrorCode(m))).toEqual([])
  })

  it('has no entry that nothing uses', () => {
    const everything = appSource
      .filter(({ path }) => !path.endsWith(join('core', 'errors.ts')))
      .map(({ text }) => text)
      .join('\n')
    const unused = codes.filter((code) => !everything.includes(`'${code}'`))
    expect(unused).toEqual([])
    for (const [key] of entries.filter(([k]) => k.startsWith('errorFormat.'))) expect(everything).toContain(`'${key}'`)
    // The desktop menu's words (electron/main/app-menu.ts, backup-menu.ts) are looked up by their full key.
    for (const [key] of entries.filter(([k]) => k.startsWith('menu.'))) expect(everything, key).toContain(`'${key}'`)
    // The team CSV's words are looked up by their full key; a book export's notes by their code (or full key).
    for (const [key] of entries.filter(([k]) => k.startsWith('teamCsv.'))) expect(everything, key).toContain(`'${key}'`)
    for (const [key] of entries.filter(([k]) => k.startsWith('notes.'))) {
      expect(everything.includes(`'${key}'`) || everything.includes(`'${key.slice('notes.'.length)}'`), key).toBe(true)
    }
    // Field labels are looked up by a field's name: each must name a field of its group's inputs.
    const groups: Record<string, string> = {
      story: 'stories',
      value: 'values',
      edition: 'editions',
      book: 'book',
      trainee: 'trainees',
      scenario: 'scenarios',
      search: 'search',
    }
    for (const [key] of entries.filter(([k]) => k.startsWith('fields.'))) {
      const [, group, name] = key.split('.')
      const methods = (Object.keys(api) as ApiMethod[]).filter((m) => m.startsWith(`${groups[group]}.`))
      const keys = new Set(methods.flatMap((m) => schemaKeys(api[m].input)))
      // A story's status is set by its own call and shown in lists; the others are input fields.
      expect(keys.has(name) || key === 'fields.story.status', key).toBe(true)
    }
  })
})

describe('a refused input', () => {
  /** Inputs that fail every way zod can: missing, wrong types, too long, too many, unknown. */
  function badInputs(schema: z.ZodType): unknown[] {
    const keys = [...new Set(schemaKeys(schema))]
    const every = (value: unknown) => Object.fromEntries(keys.map((k) => [k, value]))
    const nested = (value: unknown) => ({ ...every(value), fields: every(value), steps: [every(value)] })
    return [
      {},
      'text',
      every({ wrong: true }),
      nested(''),
      nested(-1),
      nested('x'.repeat(60_000)),
      nested(Array(40).fill('x')),
      { stray: 1 },
    ]
  }

  it('never shows a field’s raw name: labels from the catalogue, or no label', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    let refused = 0
    for (const method of Object.keys(api) as ApiMethod[]) {
      const keys = [...new Set(schemaKeys(api[method].input))]
      const camel = keys.filter((k) => /[A-Z]/.test(k))
      for (const input of badInputs(api[method].input)) {
        const reply = await dispatch(method, input)
        if (reply.ok) continue
        if (reply.error.code !== 'input.invalid') continue
        refused++
        const { message, issues } = reply.error
        for (const k of camel) expect(message, `${method}: ${message}`).not.toMatch(new RegExp(`\\b${k}\\b`))
        expect(message, `${method}: ${message}`).not.toMatch(/^(fields\.)?[a-z]+(\.\w+)*:/)
        for (const issue of issues) {
          expect(isErrorCode(issue.code), issue.code).toBe(true)
          if (issue.field) expect(english(`fields.${issue.field}`)).not.toBe(`fields.${issue.field}`)
        }
      }
    }
    expect(refused).toBeGreaterThan(150)
  })

  it('names the field by its label and counts the rest, in the core and in the same words the window uses', async () => {
    const core = tempCore()
    const reply = await createDispatch(core)('stories.create', {
      fields: { title: '', body: 'x', author: 'A', happenedOn: '2025-02-30', valueIds: [], primaryValueId: 'nope' },
    })
    if (reply.ok) throw new Error('expected a refusal')
    expect(reply.error).toMatchObject({ kind: 'invalid_input', code: 'input.invalid' })
    expect(reply.error.issues[0]).toMatchObject({
      path: 'fields.title',
      field: 'story.title',
      code: 'story.titleMissing',
      message: 'Give the story a title.',
    })
    expect(reply.error.message).toMatch(/^Title: Give the story a title\. \(and \d+ more problems\)$/)
  })
})
