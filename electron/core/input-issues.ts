import type { z } from 'zod'
import en from '../../resources/locales/en.json'
import { fieldIssue, isErrorCode, type ErrorCode, type ErrorParams, type FieldIssue } from './errors'
import { lookup } from './message-format'

/** Which catalogue section labels the fields of a contract method, by the method's namespace. */
const FIELD_GROUPS: Record<string, string> = {
  stories: 'story',
  values: 'value',
  editions: 'edition',
  book: 'book',
  trainees: 'trainee',
  scenarios: 'scenario',
  search: 'search',
}

type Issue = z.core.$ZodIssue

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let at = input
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined
  return at
}

/** The limit a too_big or too_small issue names, as the parameter our messages use. */
function limitOf(issue: Issue): ErrorParams {
  // An uploaded file travels as base64 (4 characters for 3 bytes); its limit is told in megabytes of the file.
  if (issue.code === 'too_big' && issue.path.at(-1) === 'base64') return { max: Math.floor((Number(issue.maximum) * 3) / 4 / 2 ** 20) }
  if (issue.code === 'too_big') return { max: Number(issue.maximum) }
  if (issue.code === 'too_small') return { min: Number(issue.minimum) }
  if (issue.code === 'custom' && issue.params) {
    return Object.fromEntries(Object.entries(issue.params).filter(([, v]) => typeof v === 'string' || typeof v === 'number'))
  }
  return {}
}

/** A problem a schema wrote no code for, by what zod found. */
function genericCode(issue: Issue, input: unknown): [ErrorCode, ErrorParams] {
  switch (issue.code) {
    case 'invalid_type':
      return [valueAt(input, issue.path) === undefined ? 'input.missing' : 'input.wrongType', {}]
    case 'too_big':
      if (issue.origin === 'string') return ['input.tooLong', limitOf(issue)]
      if (issue.origin === 'array' || issue.origin === 'set') return ['input.tooMany', limitOf(issue)]
      return ['input.tooLarge', limitOf(issue)]
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? ['input.required', {}] : ['input.tooShort', limitOf(issue)]
      if (issue.origin === 'array' || issue.origin === 'set') return ['input.tooFew', limitOf(issue)]
      return ['input.tooSmall', limitOf(issue)]
    case 'invalid_format':
      return [issue.format === 'uuid' || issue.format === 'guid' ? 'input.invalidId' : 'input.invalidFormat', {}]
    case 'invalid_value':
      return ['input.notAllowed', {}]
    case 'unrecognized_keys':
      return ['input.unknownField', { keys: issue.keys.join(', ') }]
    default:
      return ['input.invalid', {}]
  }
}

/** One zod issue as our code and parameters: the schema's own code, or a generic one by what zod found. */
function codeOf(issue: Issue, input: unknown): [ErrorCode, ErrorParams] {
  if (isErrorCode(issue.message)) return [issue.message, limitOf(issue)]
  return genericCode(issue, input)
}

/** A zod issue about a file's content (a pack, front matter): no label, the offending value shown as `value`. */
export function contentIssue(issue: Issue, input: unknown): FieldIssue {
  const [code, params] = codeOf(issue, input)
  const value = valueAt(input, issue.path)
  return fieldIssue(issue.path.map(String).join('.'), code, typeof value === 'string' ? { ...params, value: value.slice(0, 60) } : params)
}

/**
 * zod's issues as our field issues: the schema's code when it wrote one (`.max(200, 'story.titleTooLong')`),
 * otherwise a generic one by zod's issue kind, and the field's label key from the catalogue, so no
 * raw path such as `happenedOn` ever reaches a person.
 */
export function inputIssues(error: z.ZodError, input: unknown, method: string): FieldIssue[] {
  const group = FIELD_GROUPS[method.slice(0, method.indexOf('.'))]
  return error.issues.map((issue) => {
    const [code, params] = codeOf(issue, input)
    const name = issue.path.filter((p): p is string => typeof p === 'string' && p !== 'fields').pop()
    const label = group && name ? `${group}.${name}` : undefined
    const known = label && issue.code !== 'unrecognized_keys' && lookup(en.fields, label) !== label
    return fieldIssue(issue.path.map(String).join('.'), code, params, known ? label : undefined)
  })
}
