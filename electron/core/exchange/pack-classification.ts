import type { Story } from '../stories/story'
import { STORY_FIELD_LIST } from '../stories/story-fields'
import type { PackFields, PackStory } from './pack-format'
import type { FieldChange } from './pack-types'

/** The fields two versions of a story are compared on (ids, timestamps and revisions aside): all of them. */
const COMPARED = STORY_FIELD_LIST.map((f) => f.key as keyof PackFields)

export function differingFields(a: PackStory, b: PackStory): (keyof PackFields)[] {
  return COMPARED.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
}

const NAME_OF = new Map(STORY_FIELD_LIST.map((f) => [f.key, f.name]))

/** The differing `fields` (pack names) of two versions of a story, each with both values. */
export function fieldChanges(mine: Story, theirs: Story, fields: string[]): FieldChange[] {
  return fields.map((field) => {
    const name = NAME_OF.get(field)!
    return { field, mine: mine[name], theirs: theirs[name] }
  })
}

/** The characters a change list carries, to keep a preview of a big pack small. */
export const changeSize = (changes: FieldChange[]) =>
  changes.reduce((n, c) => n + JSON.stringify(c.mine ?? '').length + JSON.stringify(c.theirs ?? '').length, 0)

export const sameContent = (a: PackStory, b: PackStory) => differingFields(a, b).length === 0

/** A pack's story with the revision it is compared by. */
export interface Incoming {
  story: PackStory
  revision: string
  ancestors: string[]
  /** No revision in the pack (version 1, Markdown): its revision is derived from its id and updatedAt. */
  legacy: boolean
}

/** What this library knows about its own copy of an incoming story. */
export interface LocalSide {
  story: PackStory
  revision: string | null
  passed(revisionId: string): boolean
  /** Earlier versions from the story's history, read only when a version-1 story needs them. */
  pastVersions(): PackStory[]
  /** The updatedAt both libraries last agreed on (version-1 packs only). */
  agreedUpdatedAt: string | undefined
}

export type Verdict = 'unchanged' | 'older' | 'updated' | 'conflict'

/**
 * Where an incoming version stands against ours, by lineage: one we already passed is older,
 * one that descends from ours is an update, anything else is a conflict for the user.
 * Version-1 stories carry no lineage: an earlier version of ours with the same content is
 * older, and otherwise the last agreed timestamp decides as it always did.
 */
export function classify(theirs: Incoming, mine: LocalSide): Verdict {
  if (theirs.revision === mine.revision || sameContent(mine.story, theirs.story)) return 'unchanged'
  if (mine.passed(theirs.revision)) return 'older'
  if (!theirs.legacy) return mine.revision !== null && theirs.ancestors.includes(mine.revision) ? 'updated' : 'conflict'
  if (mine.pastVersions().some((past) => sameContent(past, theirs.story))) return 'older'
  const at = mine.agreedUpdatedAt
  const localChanged = !at || mine.story.updatedAt !== at
  const theirsChanged = !at || theirs.story.updatedAt !== at
  if (!localChanged && theirsChanged) return 'updated'
  if (localChanged && !theirsChanged) return 'older'
  return 'conflict'
}
