import { z } from 'zod'
import { english, type ErrorCode } from '../errors'
import { STORY_LANGUAGES, type StoryLanguage, type StoryStatus } from './story'

/**
 * A story is usually a few hundred words. This still takes a 30,000-word account (about 200,000
 * characters) while refusing a pasted file of megabytes.
 */
export const MAX_BODY_CHARS = 400_000
export const MAX_VALUES_PER_STORY = 3

export const uuid = z.uuid()

/** Calendar check: `2026-02-30` matches the pattern but is not a day that exists. */
export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Local "today" plus one day, so a story written just after midnight abroad is not refused. */
function latestAllowedDate(): string {
  const t = new Date(Date.now() + 24 * 3600 * 1000)
  return t.toISOString().slice(0, 10)
}

export const isoDate = z
  .string({ message: 'date.missing' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date.format')
  .refine(isRealDate, 'date.notReal')
  .refine((d) => d >= '1900-01-01', 'date.tooEarly')
  .refine((d) => d <= latestAllowedDate(), 'date.inFuture')

const optionalText = (max: number, tooLong: ErrorCode) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .nullish()
    .transform((s) => (s ? s : null))

/**
 * How a field's value is held, which decides how each format writes and reads it: `line` is one
 * trimmed line, `markdown` the story itself (kept exactly as written), `note` optional text
 * (empty is null); values are ids here, slugs in packs and Markdown, names in CSV.
 */
export type FieldKind = 'line' | 'markdown' | 'note' | 'date' | 'flag' | 'language' | 'status' | 'values' | 'primaryValue'

interface KindValue {
  line: string
  markdown: string
  note: string | null
  date: string
  flag: boolean
  language: StoryLanguage
  status: StoryStatus
  values: string[]
  primaryValue: string
}

/** What a field holds where a source predates it: a pack or front matter without it, an old revision. */
export const EMPTY_VALUE: { [K in FieldKind]: KindValue[K] } = {
  line: '',
  markdown: '',
  note: null,
  date: '',
  flag: false,
  language: 'en',
  status: 'draft',
  values: [],
  primaryValue: '',
}

/** The search fields a story's text can feed; their weights are in search-document.ts. */
export type SearchTarget = 'title' | 'body' | 'byline'

export interface FieldSpec {
  kind: FieldKind
  /** What a person (or an import) may write; absent for what the app sets, the status. */
  input?: z.ZodType
  /** A CSV import cannot do without a column for it. */
  required?: boolean
  /** List rows carry it (StorySummary); long texts stay out. */
  list?: boolean
  /** Its name in packs and CSV mappings, where that differs from the Story's. */
  key?: string
  /** The first pack version with it: older packs lack it and read as empty. Unset: every version. */
  packSince?: number
  /**
   * Its CSV column: the header the export writes, and words or phrases that suggest it in other
   * files' headers (English, Danish, Swedish; its catalogue labels count too, csv-header-guess.ts).
   */
  csv?: {
    header: string
    words?: readonly string[]
    /** Wins a tie: its header words contain another field's (a primary value is a value). */
    priority?: boolean
  }
  /** Its front-matter key in a Markdown file, where that is not `key` in snake_case. */
  frontMatter?: string
  /** The search field its text feeds. */
  search?: SearchTarget
  /** The book model carries it. */
  book?: boolean
}

/**
 * Every field of a story, declared once. The stories table (column = name in snake_case), the
 * editor's validation, packs, CSV columns (in this order), Markdown front matter, the search and
 * the book are derived from this list. Adding an optional field takes an entry here and a migration.
 */
export const STORY_FIELDS = {
  title: {
    kind: 'line',
    input: z.string({ message: 'story.titleMissing' }).trim().min(1, 'story.titleMissing').max(200, 'story.titleTooLong'),
    required: true,
    list: true,
    csv: { header: 'title', words: ['title', 'titel', 'rubrik', 'overskrift', 'headline'], priority: true },
    search: 'title',
    book: true,
  },
  body: {
    kind: 'markdown',
    input: z
      .string({ message: 'story.bodyMissing' })
      .refine((b) => b.trim().length > 0, 'story.bodyMissing')
      .superRefine((b, ctx) => {
        // Says how long it is, so the writer knows how much to cut.
        if (b.length > MAX_BODY_CHARS)
          ctx.addIssue({ code: 'custom', message: 'story.bodyTooLong', params: { length: b.length, max: MAX_BODY_CHARS } })
      }),
    required: true,
    csv: {
      header: 'story',
      words: [
        'story',
        'body',
        'text',
        'tekst',
        'historie',
        'historia',
        'berättelse',
        'beskrivelse',
        'beskrivning',
        'description',
        'what happened',
        'hvad skete der',
        'vad hände',
      ],
    },
    search: 'body',
    book: true,
  },
  author: {
    kind: 'line',
    input: z.string({ message: 'story.authorMissing' }).trim().min(1, 'story.authorMissing').max(120, 'story.authorTooLong'),
    required: true,
    list: true,
    csv: { header: 'author', words: ['author', 'name', 'navn', 'namn', 'forfatter', 'skribent', 'written by', 'skrevet af', 'skriven av'] },
    search: 'byline',
    book: true,
  },
  team: {
    kind: 'line',
    input: z.string().trim().max(120, 'story.teamTooLong').default(''),
    list: true,
    csv: { header: 'team', words: ['team', 'afdeling', 'avdelning', 'department'] },
    search: 'byline',
    book: true,
  },
  customerContext: {
    kind: 'note',
    input: optionalText(500, 'story.customerContextTooLong'),
    csv: { header: 'customer situation', words: ['customer', 'kunde', 'kund', 'situation', 'context'], priority: true },
    search: 'body',
    book: true,
  },
  happenedOn: {
    kind: 'date',
    input: isoDate,
    required: true,
    list: true,
    csv: { header: 'date', words: ['date', 'dato', 'datum', 'when', 'happened on', 'hvornår', 'när'] },
    book: true,
  },
  valueIds: {
    kind: 'values',
    key: 'values',
    input: z
      .array(uuid, { message: 'story.valuesMissing' })
      .min(1, 'story.valuesMissing')
      .max(MAX_VALUES_PER_STORY, 'story.tooManyValues')
      .refine((ids) => new Set(ids).size === ids.length, 'value.listedTwice'),
    required: true,
    list: true,
    csv: { header: 'values', words: ['value', 'values', 'værdier', 'værdi', 'värden', 'värde'] },
  },
  primaryValueId: {
    kind: 'primaryValue',
    key: 'primaryValue',
    // Left empty, it is a choice not yet made, not a malformed id.
    input: z.uuid({ message: 'story.primaryValueMissing' }),
    list: true,
    csv: { header: 'primary value', words: ['primary', 'primær', 'primär', 'primært'], priority: true },
  },
  status: {
    kind: 'status',
    list: true,
    csv: { header: 'status', words: ['status'] },
    book: true,
  },
  language: {
    kind: 'language',
    /** Left out: detected from the text when the story is saved. */
    input: z.enum(STORY_LANGUAGES, { message: 'story.languageInvalid' }).optional(),
    list: true,
    csv: { header: 'language', words: ['language', 'sprog', 'språk'] },
    /** Each story in the book carries `lang`, so hyphenation, quotes and screen readers follow it. */
    book: true,
  },
  isRecovery: {
    kind: 'flag',
    input: z.boolean().default(false),
    list: true,
    csv: { header: 'service recovery', words: ['recovery', 'genopretning', 'återhämtning'], priority: true },
    frontMatter: 'service_recovery',
    book: true,
  },
} as const satisfies Record<string, FieldSpec>

type Fields = typeof STORY_FIELDS
export type StoryFieldName = keyof Fields
type NamesWith<Flag> = { [K in StoryFieldName]: Fields[K] extends Flag ? K : never }[StoryFieldName]

/** A story's own content, typed from the registry. */
export type StoryContent = { [K in StoryFieldName]: KindValue[Fields[K]['kind']] }
export type ListFieldName = NamesWith<{ list: true }>
export type BookFieldName = NamesWith<{ book: true }>
export type SearchedFieldName = NamesWith<{ search: SearchTarget }>
export type InputFieldName = NamesWith<{ input: z.ZodType }>
/** A field's name in packs and CSV mappings. */
export type ExchangeKey<K extends StoryFieldName = StoryFieldName> = K extends K
  ? Fields[K] extends { key: infer P extends string }
    ? P
    : K
  : never
export type CsvKey = ExchangeKey<NamesWith<{ csv: object }>>

/** One field with everything its declaration leaves implicit filled in. */
export interface StoryField extends FieldSpec {
  name: StoryFieldName
  key: string
  /** English, for column labels and the command line: the catalogue's `fields.<labelKey>`. */
  label: string
  labelKey: string
  /** Its column in the stories table; core values live in story_values instead. */
  column: string
  frontMatter: string
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

export const STORY_FIELD_LIST: readonly StoryField[] = Object.entries(STORY_FIELDS).map(([name, spec]: [string, FieldSpec]) => {
  const key = spec.key ?? name
  return {
    ...spec,
    name: name as StoryFieldName,
    key,
    label: english(`fields.story.${name}`),
    labelKey: `story.${name}`,
    column: snakeCase(name),
    frontMatter: spec.frontMatter ?? snakeCase(key),
  }
})

export const storyField = (name: StoryFieldName): StoryField => STORY_FIELD_LIST.find((f) => f.name === name)!

const inputShape = Object.fromEntries(STORY_FIELD_LIST.filter((f) => f.input).map((f) => [f.name, f.input])) as {
  [K in InputFieldName]: Fields[K]['input']
}

/** Everything a person writes in the story editor: the registry's input rules, plus how they relate. */
export const storyFields = z
  .object(inputShape)
  .strict()
  .refine((s) => s.valueIds.includes(s.primaryValueId), {
    path: ['primaryValueId'],
    message: 'story.primaryNotAmongValues',
  })

export type StoryFields = z.output<typeof storyFields>
export type StoryFieldsInput = z.input<typeof storyFields>

/** The editor's fields of a story, as storyFields takes them back. */
export function inputOf(story: StoryContent): StoryFields {
  const filled = withEveryField(story)
  return Object.fromEntries(STORY_FIELD_LIST.filter((f) => f.input).map((f) => [f.name, filled[f.name]])) as StoryFields
}

/** The same story with every field the registry knows; a version saved before a field existed lacks it. */
export function withEveryField<S extends Partial<StoryContent>>(story: S): S & StoryContent {
  const filled: Record<string, unknown> = { ...story }
  for (const f of STORY_FIELD_LIST) if (filled[f.name] === undefined) filled[f.name] = EMPTY_VALUE[f.kind]
  return filled as S & StoryContent
}
