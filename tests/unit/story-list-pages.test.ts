import type Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { storyScope } from '../../electron/core/accounts/story-scope'
import type { CultureCore } from '../../electron/core/culture-core'
import type { StoryStatus } from '../../electron/core/stories/story'
import { plainExcerpt } from '../../electron/core/stories/story-excerpt'
import { storyFields, storyQuery } from '../../electron/core/stories/story-input'
import { storyInput, tempCore } from './temp-library'

const STATUSES: StoryStatus[] = ['draft', 'submitted', 'approved', 'archived']

/** A library of `count` stories over four statuses and many dates, a third (`own`) written by `author`. */
function library(count: number): { core: CultureCore; author: string; own: Set<string> } {
  const core = tempCore()
  const author = openAccounts(core.db).users.create(
    { email: 'writer@example.com', displayName: 'Writer', passwordHash: null, roles: ['contributor'] },
    null,
  ).id
  const setOwner = core.db.prepare('UPDATE stories SET created_by = ? WHERE id = ?')
  const own = new Set<string>()
  core.search.batch(() =>
    core.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const story = core.stories.create(
          storyFields.parse(
            storyInput(core, {
              title: `Story ${i}`,
              // Some bodies longer than the part of them a list row reads.
              body: `Opening ${i}. ` + 'The parcel went **north** instead. '.repeat(i % 3 === 0 ? 40 : 1),
              happenedOn: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
            }),
          ),
          STATUSES[i % 4],
        )
        if (i % 3 === 0) {
          own.add(story.id)
          setOwner.run(author, story.id)
        }
      }
    })(),
  )
  return { core, author, own }
}

/** The SELECTs `run` prepares on the library's connection. */
function statementsOf(db: Database.Database, run: () => void): string[] {
  const seen: string[] = []
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare
  try {
    run()
  } finally {
    db.prepare = prepare
  }
  return seen.filter((sql) => /^\s*SELECT/i.test(sql))
}

describe('story list pages', () => {
  it('reads a page in the list order through an index, not by sorting every matching story', () => {
    const { core, author } = library(60)
    const contributor = storyScope({ id: author, roles: ['contributor'] } as never)
    for (const [query, scope] of [
      [{ sort: 'newest' }, null],
      [{ sort: 'oldest', status: 'approved' }, null],
      [{ sort: 'newest' }, contributor],
    ] as const) {
      // The statement that picks the page's stories; it is also what a page's cost grows with.
      const [page] = statementsOf(core.db, () => core.stories.list(storyQuery.parse({ ...query, offset: 20, limit: 10 }), scope)).filter(
        (sql) => sql.includes('LIMIT @limit'),
      )
      const params = { limit: 10, offset: 20, status: 'approved', scopeUser: author }
      const used = Object.fromEntries(Object.entries(params).filter(([k]) => page.includes(`@${k}`)))
      const plan = (core.db.prepare(`EXPLAIN QUERY PLAN ${page}`).all(used) as { detail: string }[]).map((r) => r.detail).join(' | ')
      expect(plan, JSON.stringify(query)).not.toMatch(/TEMP B-TREE|MULTI-INDEX/)
    }
  })

  it('pages through what the caller sees once each, in order, with excerpts from the start of long bodies', () => {
    const { core, author, own } = library(45)
    const contributor = storyScope({ id: author, roles: ['contributor'] } as never)
    for (const sort of ['newest', 'oldest', 'title'] as const) {
      for (const scope of [null, contributor]) {
        const whole = core.stories.list(storyQuery.parse({ sort, limit: 1000 }), scope)
        const pages = [0, 7, 14, 21, 28, 35, 42].flatMap(
          (offset) => core.stories.list(storyQuery.parse({ sort, offset, limit: 7 }), scope).items,
        )
        expect(pages.map((s) => s.id)).toEqual(whole.items.map((s) => s.id))
        const everything = core.stories.list(storyQuery.parse({ sort, limit: 1000 })).items
        const seen = scope ? everything.filter((s) => own.has(s.id) || s.status === 'approved') : everything
        expect(whole.items.map((s) => s.id)).toEqual(seen.map((s) => s.id))
        expect(whole.total).toBe(seen.length)
        for (const row of whole.items) {
          const story = core.stories.get(row.id)
          expect(row).toEqual({ ...row, excerpt: plainExcerpt(story.body), valueIds: story.valueIds, title: story.title })
          expect(row).not.toHaveProperty('body')
        }
      }
    }
  })
})
