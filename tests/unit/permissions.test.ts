import { describe, expect, it } from 'vitest'
import { api, type ApiMethod } from '../../electron/core/api'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { ROLES, type Caller, type Role } from '../../electron/core/accounts/roles'
import { authorize, permissions, rolesFor, type PermissionTable, type Rule } from '../../electron/core/permissions'
import type { CultureCore } from '../../electron/core/culture-core'
import type { CultureError } from '../../electron/core/errors'
import { storyFields } from '../../electron/core/stories/story-input'
import { tempCore, storyInput } from './temp-library'

/**
 * Which case a call is about: the caller's own draft, training or session; an approved story of
 * someone else's (lists filtered to approved ones); someone else's draft or training, or a list
 * that filters nothing.
 */
const CASES = ['mine', 'approved', 'theirs'] as const
type Case = (typeof CASES)[number]
const ALL = CASES

const methods = Object.keys(api) as ApiMethod[]
const group = (...prefixes: string[]) => methods.filter((m) => prefixes.some((p) => m.startsWith(p)))
const each = (list: readonly ApiMethod[], cases: readonly Case[]) => Object.fromEntries(list.map((m) => [m, cases]))

const EVERYONE: ApiMethod[] = ['library.info', 'values.list', 'settings.get', 'settings.update']
const READ_APPROVED: ApiMethod[] = ['stories.get', 'search.similar']
/** Lists, searches and counts: anyone reading stories may call them; the answer holds what they may see. */
const NARROWED: ApiMethod[] = ['stories.list', 'search.query', 'stories.facets']

/** The roles in its own words, as the cases each may call a method for; a method not named is refused. */
const INTENT: Record<Role, Partial<Record<ApiMethod, readonly Case[]>>> = {
  // Writes and submits their own stories, sees approved ones.
  contributor: {
    ...each([...EVERYONE, ...NARROWED, 'stories.create', 'photos.add', 'photos.get'], ALL),
    ...each(['stories.get', 'search.similar'], ['mine', 'approved']),
    ...each(['stories.update', 'stories.setStatus', 'stories.trash', 'stories.restore', 'stories.history', 'stories.revert'], ['mine']),
    ...each(['drafts.get', 'drafts.save', 'drafts.discard'], ['mine']),
  },
  // Review queue, values, editions, book export, packs and CSV.
  curator: {
    ...each([...EVERYONE, ...group('values.', 'stories.', 'search.', 'editions.', 'book.', 'exchange.', 'photos.', 'drafts.')], ALL),
    'insights.summary': ALL,
  },
  // Scenarios, team progress.
  trainer: {
    ...each([...EVERYONE, ...group('trainees.', 'scenarios.'), 'insights.summary', ...NARROWED, 'photos.get'], ALL),
    ...each(['training.progress', 'training.team', 'training.teamCsv', 'training.certificate', 'training.setLanguage'], ALL),
    ...each([...READ_APPROVED, 'scenarios.fromStory'], ['approved']),
  },
  // Training (their own) and approved stories only.
  trainee: {
    ...each([...EVERYONE, ...NARROWED, 'photos.get', 'training.mine'], ALL),
    ...each(READ_APPROVED, ['approved']),
    ...each(
      ['training.start', 'training.answer', 'training.retry', 'training.progress', 'training.certificate', 'training.setLanguage'],
      ['mine'],
    ),
  },
  // Users, backups, settings; and, like everyone on the team, the approved stories (an admin-only account's app opens on them).
  admin: {
    ...each(
      [...EVERYONE, ...NARROWED, 'photos.get', 'library.backups', 'library.backupNow', 'library.restore', ...group('users.', 'audit.')],
      ALL,
    ),
    ...each(READ_APPROVED, ['approved']),
  },
}
// A job is its starter's alone, whoever they are: nobody follows, cancels or downloads another's.
for (const role of ROLES) Object.assign(INTENT[role], each(['jobs.get', 'jobs.cancel'], ['mine']))

interface Person {
  caller: Caller
  draft: string
  /** A job this person started (as dispatch starts one for the signed-in caller). */
  job: string
  traineeId: string
  sessionId: string
}

/** A library with one person per role, each with a draft of their own, a trainee record and a live training session. */
function teamLibrary() {
  const core = tempCore()
  const accounts = openAccounts(core.db)
  const people = {} as Record<Role, Person>
  for (const role of ROLES) {
    const user = accounts.users.create({ email: `${role}@example.com`, displayName: role, passwordHash: null, roles: [role] }, null)
    people[role] = { caller: { id: user.id, roles: user.roles }, ...ownThings(core, user.id, role) }
  }
  const stranger = accounts.users.create({ email: 'stranger@example.com', displayName: 'Stranger', passwordHash: null, roles: [] }, null)
  const theirs = ownThings(core, stranger.id, 'stranger')
  const approved = core.stories.create(storyFields.parse(storyInput(core, { title: 'Approved by all' })), 'submitted').id
  core.stories.setStatus(approved, 'approved', {})
  core.db.prepare('UPDATE stories SET created_by = ? WHERE id = ?').run(stranger.id, approved)
  return { core, accounts, people, theirs, approved }
}

/**
 * Who wrote a story and whose trainee record it is, set here by hand; a trainee's own record came
 * with the role (trainee-link.ts), everyone else's is linked here so each role has a "mine".
 */
function ownThings(core: CultureCore, userId: string, name: string) {
  const draft = core.stories.create(storyFields.parse(storyInput(core, { title: `Draft of ${name}` })), 'draft').id
  core.db.prepare('UPDATE stories SET created_by = ? WHERE id = ?').run(userId, draft)
  let traineeId = core.training.mine(userId)?.id
  if (!traineeId) {
    traineeId = core.training.createTrainee({ name, team: '', startDate: new Date().toISOString().slice(0, 10) }).id
    core.db.prepare('UPDATE trainees SET user_id = ? WHERE id = ?').run(userId, traineeId)
  }
  const { sessionId } = core.training.start(traineeId, 'onboarding')
  if (!sessionId) throw new Error('the starter pack gave no scenario to play')
  const job = core.stories.revisions.actingAs(userId, () => core.jobs.start('test', async () => null)).id
  return { draft, traineeId, sessionId, job }
}

/**
 * One input that serves every method for a case: each rule reads only the fields its method has. A
 * job's id is a job's (an approved story has none: someone else's job then).
 */
function inputFor(c: Case, me: Person, theirs: Omit<Person, 'caller'>, approved: string, method?: ApiMethod) {
  const story = c === 'mine' ? me.draft : c === 'approved' ? approved : theirs.draft
  const training = c === 'mine' ? me : theirs
  return {
    id: method?.startsWith('jobs.') ? training.job : story,
    ids: [story],
    storyId: story,
    status: c === 'approved' ? 'approved' : 'submitted',
    trashed: false,
    kind: 'story',
    traineeId: training.traineeId,
    sessionId: training.sessionId,
  }
}

describe('the permission table', () => {
  it('answers every method × every role × mine/approved/theirs as the issue’s roles intend', () => {
    const { core, people, theirs, approved } = teamLibrary()
    const wrong: string[] = []
    let checked = 0
    for (const method of methods) {
      for (const role of ROLES) {
        const expected = INTENT[role][method] ?? []
        for (const c of CASES) {
          const verdict = authorize(method, inputFor(c, people[role], theirs, approved, method) as never, people[role].caller, core)
          const allowed = verdict === 'allowed'
          if (!allowed) expect((verdict as CultureError).code, `${method} ${role} ${c}`).toMatch(/^auth\./)
          if (allowed !== expected.includes(c)) wrong.push(`${role} ${allowed ? 'may' : 'may not'} call ${method} (${c})`)
          checked++
        }
      }
    }
    expect(wrong).toEqual([])
    expect(checked).toBe(methods.length * ROLES.length * CASES.length)
    // The examples, spelled out.
    const call = (role: Role, method: ApiMethod, input: object) => authorize(method, input as never, people[role].caller, core)
    expect(call('trainee', 'stories.setStatus', { id: approved, status: 'archived' })).not.toBe('allowed')
    expect(call('contributor', 'book.export', { year: 2025, format: 'pdf', preview: false })).not.toBe('allowed')
    expect(call('admin', 'library.backupNow', {})).toBe('allowed')
    expect(call('contributor', 'stories.get', { id: theirs.draft })).not.toBe('allowed')
    expect(call('contributor', 'stories.setStatus', { id: people.contributor.draft, status: 'approved' })).not.toBe('allowed')
    expect(call('trainee', 'training.progress', { traineeId: theirs.traineeId })).not.toBe('allowed')
    expect(call('trainer', 'drafts.get', { kind: 'scenario', id: null })).toBe('allowed')
    expect(call('contributor', 'drafts.get', { kind: 'story', id: null })).toBe('allowed')
    expect(call('contributor', 'drafts.get', { kind: 'scenario', id: null })).not.toBe('allowed')
  })

  it('lets a person with several roles do what any of them may, and nothing for no role', () => {
    const { core, people, theirs } = teamLibrary()
    const both: Caller = { id: people.contributor.caller.id, roles: ['contributor', 'trainer'] }
    expect(authorize('scenarios.save', {} as never, both, core)).toBe('allowed')
    expect(authorize('stories.update', { id: people.contributor.draft } as never, both, core)).toBe('allowed')
    expect(authorize('stories.update', { id: theirs.draft } as never, both, core)).not.toBe('allowed')
    const nobody: Caller = { id: people.contributor.caller.id, roles: [] }
    expect(
      methods.filter((m) => authorize(m, inputFor('mine', people.contributor, theirs, '') as never, nobody, core) === 'allowed'),
    ).toEqual([])
    expect(rolesFor('library.restore')).toEqual(['admin'])
    expect(rolesFor('stories.update')).toEqual(['contributor', 'curator'])
  })

  it('refuses in words, in English, Danish and Swedish', () => {
    const { core, people } = teamLibrary()
    const refusal = authorize('library.restore', { name: 'x', confirm: true } as never, people.curator.caller, core) as CultureError
    expect(refusal.toInfo()).toMatchObject({ kind: 'forbidden', code: 'auth.forbidden', params: { method: 'library.restore' } })
    expect(refusal.message).toBe('Your account may not do this (library.restore). An admin can give you the role it needs.')
  })

  it('lets nobody approve their own story unless they are the only curator', async () => {
    const { core, accounts, people } = teamLibrary()
    const ann = people.curator.caller
    const own = core.stories.create(storyFields.parse(storyInput(core, { title: 'Written by a curator' })), 'submitted').id
    core.db.prepare('UPDATE stories SET created_by = ? WHERE id = ?').run(ann.id, own)
    const other = accounts.users.create({ email: 'bo@example.com', displayName: 'Bo', passwordHash: null, roles: ['curator'] }, null)
    const approve = (by: Caller, input: object, method: 'stories.setStatus' | 'stories.setStatusMany' = 'stories.setStatus') =>
      authorize(method, { status: 'approved', ...input } as never, by, core)
    expect((approve(ann, { id: own }) as CultureError).code).toBe('auth.ownApproval')
    expect((approve(ann, { ids: [people.contributor.draft, own] }, 'stories.setStatusMany') as CultureError).code).toBe('auth.ownApproval')
    expect(authorize('stories.setStatus', { id: own, status: 'archived' } as never, ann, core)).toBe('allowed')
    expect(approve({ id: other.id, roles: ['curator'] }, { id: own })).toBe('allowed')
    // Bo leaves: Ann is the only curator, and may.
    const admin = people.admin.caller
    accounts.users.setDisabled(other.id, true, admin.id)
    expect(approve(ann, { id: own })).toBe('allowed')
    expect(approve(ann, { ids: [own] }, 'stories.setStatusMany')).toBe('allowed')
  })

  it('has a rule for every contract method, by type: a method without one does not compile', () => {
    expect(Object.keys(permissions).sort()).toEqual([...methods].sort())
    const withoutOne: Omit<PermissionTable, 'library.info'> = permissions
    // @ts-expect-error A table missing the rule for library.info is not a PermissionTable.
    const incomplete: PermissionTable = withoutOne
    // A contract with one more method: the same table no longer covers it.
    type Grown = PermissionTable & { 'stories.brandNew': Rule<'stories.get'> }
    // @ts-expect-error 'stories.brandNew' has no rule.
    const grown: Grown = permissions
    expect([incomplete, grown]).toHaveLength(2)
  })
})
