import { STORY_FIELD_LIST, type StoryContent, type StoryField, type StoryFieldName } from './story-fields'

/** The fields the stories table holds itself; core values live in story_values. */
const STORED = STORY_FIELD_LIST.filter((f) => f.kind !== 'values')
/** The stored fields a save writes (the status is set on its own). */
export const WRITTEN: readonly StoryField[] = STORED.filter((f) => f.input)

const stored = (names?: readonly StoryFieldName[]) => (names ? STORED.filter((f) => names.includes(f.name)) : STORED)

/** `s.title, s.body, …` for these fields (every stored one by default); `fromRow` reads them back. */
export function storyColumns(names?: readonly StoryFieldName[], table = 's'): string {
  return stored(names)
    .map((f) => `${table}.${f.column}`)
    .join(', ')
}

/** The fields of a stories row, as a story holds them. */
export function fromRow<K extends StoryFieldName = StoryFieldName>(
  row: Record<string, unknown>,
  names?: readonly K[],
): Pick<StoryContent, Exclude<K, 'valueIds'>> {
  return Object.fromEntries(stored(names).map((f) => [f.name, f.kind === 'flag' ? row[f.column] === 1 : row[f.column]])) as Pick<
    StoryContent,
    Exclude<K, 'valueIds'>
  >
}

/** A field's value as its column takes it; a field missing from an old version is written as null. */
export function toColumn(f: StoryField, value: unknown): unknown {
  if (f.kind === 'flag') return value ? 1 : 0
  return value ?? null
}
