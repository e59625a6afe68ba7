import type Database from 'better-sqlite3'
import { everybodys, type StoryFacts } from './ownership'
import type { Caller } from './roles'

/**
 * The stories a team server's caller sees in lists, searches and counts: their own (when `own`) and
 * everybody's approved, live ones (when `approved`). Null: every story (curators; browser mode and
 * the desktop app, which have no caller).
 */
export interface StoryScope {
  userId: string
  own: boolean
  approved: boolean
}

/** A curator sees everything; a contributor the approved stories and their own; everyone else the approved ones. `mine` narrows to their own. */
export function storyScope(caller: Caller | undefined, mine = false): StoryScope | null {
  if (!caller) return null
  if (mine) return { userId: caller.id, own: true, approved: false }
  if (caller.roles.includes('curator')) return null
  return { userId: caller.id, own: caller.roles.includes('contributor'), approved: true }
}

/**
 * The scope as an SQL condition on `stories s` (with @scopeUser bound by `scopeParams`); 1 for everything.
 * `paged`: for a query that reads one page in the list's order. With both arms, a unary + then keeps
 * their indexes out of the plan: SQLite would gather every story either arm matches and sort them all,
 * where walking the list's order index stops at the page. A count is faster through the two indexes.
 */
export function scopeSql(scope: StoryScope | null, paged = false): string {
  if (!scope) return '1'
  const either = paged && scope.own && scope.approved ? '+' : ''
  const arms = [
    ...(scope.own ? [`${either}s.created_by = @scopeUser`] : []),
    ...(scope.approved ? [`(${either}s.status = 'approved' AND s.deleted_at IS NULL)`] : []),
  ]
  return arms.length ? `(${arms.join(' OR ')})` : '0'
}

/** The same rule as scopeSql, for one story's facts (a change to it that the caller might hear of). */
export function inStoryScope(scope: StoryScope | null, story: StoryFacts): boolean {
  if (!scope) return true
  return (scope.own && story.createdBy === scope.userId) || (scope.approved && everybodys(story))
}

export function scopeParams(scope: StoryScope | null): Record<string, unknown> {
  return scope ? { scopeUser: scope.userId } : {}
}

/** The scope for the search engine: the caller's own story ids, read once per search. */
export interface SearchScope {
  own: ReadonlySet<string>
  approved: boolean
}

export function searchScope(db: Database.Database, scope: StoryScope | null): SearchScope | undefined {
  if (!scope) return undefined
  const own = scope.own ? (db.prepare('SELECT id FROM stories WHERE created_by = ?').pluck().all(scope.userId) as string[]) : []
  return { own: new Set(own), approved: scope.approved }
}
