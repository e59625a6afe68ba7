/**
 * Who may call each contract method on a team server: beside api.ts, one rule per method. The
 * mapped type makes a method without a rule (or a rule for no method) a compile error, and
 * tests/unit/permissions.test.ts walks every method × every role against the intent.
 *
 * A rule names the roles it grants a method to: 'always', or on a condition about the caller and
 * the input (their own story, their own training). A person holding several roles is allowed when
 * any of them is. `refuse` then applies to whoever was allowed (nobody approves their own story
 * while another curator could). A role not named may not call the method.
 */
import type { ApiArgs, ApiMethod } from './api'
import { anotherCurator, everybodys, storyFacts, traineeUser } from './accounts/ownership'
import { inStoryScope, storyScope } from './accounts/story-scope'
import type { Caller, Role } from './accounts/roles'
import type { CultureCore } from './culture-core'
import type { DraftKey } from './drafts/draft'
import { CultureError, type ErrorCode } from './errors'

export interface RuleContext<M extends ApiMethod> {
  input: ApiArgs<M>
  user: Caller
  core: CultureCore
}

export type Grant<M extends ApiMethod> = 'always' | ((context: RuleContext<M>) => boolean)

export interface Rule<M extends ApiMethod> {
  grants: { readonly [R in Role]?: Grant<M> }
  /** A refusal for whoever a grant let through, as its error code; null to let the call go on. */
  refuse?: (context: RuleContext<M>) => ErrorCode | null
}

export type PermissionTable = { readonly [M in ApiMethod]: Rule<M> }

/** The roles named, each granted the method outright. */
function to(...roles: Role[]): { grants: { readonly [R in Role]?: 'always' } } {
  return { grants: Object.fromEntries(roles.map((role) => [role, 'always'])) }
}

const EVERYONE: Role[] = ['contributor', 'curator', 'trainer', 'trainee', 'admin']

/** Approved stories are everybody's reading; drafts, submitted and archived ones are the curators' (and their author's). */
const approved = (core: CultureCore, id: string) => everybodys(storyFacts(core.db, id))
const mine = (core: CultureCore, id: string, user: Caller) => storyFacts(core.db, id)?.createdBy === user.id
/** A contributor edits, trashes and reverts their story while it is a draft; once submitted it is the curators'. */
const ownDraft = (core: CultureCore, id: string, user: Caller) => {
  const facts = storyFacts(core.db, id)
  return facts?.createdBy === user.id && facts.status === 'draft' && !facts.trashed
}
const ownTraining = (core: CultureCore, traineeId: string | null, user: Caller) =>
  traineeId !== null && traineeUser(core.db, traineeId) === user.id
const ownSession = (core: CultureCore, sessionId: string, user: Caller) => ownTraining(core, core.training.sessionTrainee(sessionId), user)
/** A job (an export, a certificate) is its starter's alone, whatever their roles now: following, cancelling and downloading it. */
const ownJob = ({ input, core, user }: ById) => core.jobs.startedBy(input.id) === user.id
const OWN_JOB = { grants: { contributor: ownJob, curator: ownJob, trainer: ownJob, trainee: ownJob, admin: ownJob } }

/** Approving one's own story is refused while an enabled curator other than its author exists. */
function ownApproval(core: CultureCore, user: Caller, status: string, ids: string[]): ErrorCode | null {
  if (status !== 'approved') return null
  const own = ids.some((id) => mine(core, id, user))
  return own && anotherCurator(core.db, user.id) ? 'auth.ownApproval' : null
}

type ById = { input: { id: string }; core: CultureCore; user: Caller }

/** A story the caller's lists show (storyScope's rule, one story at a time): a contributor's own, everybody's approved. */
const inScope = ({ input, core, user }: ById) => {
  const story = storyFacts(core.db, input.id)
  return !!story && inStoryScope(storyScope(user), story)
}

/** Reading a story: curators any, its author theirs, everyone the approved ones. */
const READ_STORY = {
  grants: {
    curator: 'always',
    contributor: inScope,
    trainer: inScope,
    trainee: inScope,
    // An admin is on the team too: the first account a server has (--create-admin) may hold no other role.
    admin: inScope,
  },
} as const

/**
 * A story's draft goes with editing the story (a contributor's: their own draft, or a story not saved
 * yet), a scenario's with editing scenarios. Whichever it is, the draft is the caller's own (dispatch
 * keys it by the session's account): nobody reaches another person's.
 */
const DRAFT_RULE = {
  grants: {
    curator: ({ input }: { input: DraftKey }) => input.kind === 'story',
    contributor: ({ input, core, user }: { input: DraftKey; core: CultureCore; user: Caller }) =>
      input.kind === 'story' && (input.id === null || ownDraft(core, input.id, user)),
    trainer: ({ input }: { input: DraftKey }) => input.kind === 'scenario',
  },
}

export const permissions: PermissionTable = {
  'library.info': to(...EVERYONE),

  'values.list': to(...EVERYONE),
  'values.create': to('curator'),
  'values.update': to('curator'),
  'values.reorder': to('curator'),
  'values.delete': to('curator'),
  'values.undoDelete': to('curator'),

  // Lists, searches and counts answer with what the caller may see (storyScope narrows them in dispatch).
  'stories.list': to(...EVERYONE),
  'stories.facets': to(...EVERYONE),
  'stories.get': READ_STORY,
  'stories.create': to('contributor', 'curator'),
  'stories.update': { grants: { curator: 'always', contributor: ({ input, core, user }) => ownDraft(core, input.id, user) } },
  'stories.setStatus': {
    // A contributor's one status change: submitting their own draft.
    grants: { curator: 'always', contributor: ({ input, core, user }) => input.status === 'submitted' && ownDraft(core, input.id, user) },
    refuse: ({ input, core, user }) => ownApproval(core, user, input.status, [input.id]),
  },
  'stories.setStatusMany': {
    grants: { curator: 'always' },
    refuse: ({ input, core, user }) => ownApproval(core, user, input.status, input.ids),
  },
  'stories.trash': { grants: { curator: 'always', contributor: ({ input, core, user }) => ownDraft(core, input.id, user) } },
  'stories.restore': { grants: { curator: 'always', contributor: ({ input, core, user }) => mine(core, input.id, user) } },
  'stories.history': { grants: { curator: 'always', contributor: ({ input, core, user }) => mine(core, input.id, user) } },
  'stories.revert': { grants: { curator: 'always', contributor: ({ input, core, user }) => ownDraft(core, input.id, user) } },
  'stories.emptyTrash': to('curator'),

  'search.query': to(...EVERYONE),
  // Similar stories to one the caller may read, among those they may see (storyScope).
  'search.similar': READ_STORY,

  'editions.list': to('curator'),
  'editions.open': to('curator'),
  'editions.update': to('curator'),
  'book.plan': to('curator'),
  'book.export': to('curator'),

  'trainees.list': to('trainer'),
  'trainees.create': to('trainer'),
  'training.start': { grants: { trainee: ({ input, core, user }) => ownTraining(core, input.traineeId, user) } },
  'training.answer': { grants: { trainee: ({ input, core, user }) => ownSession(core, input.sessionId, user) } },
  'training.retry': { grants: { trainee: ({ input, core, user }) => ownSession(core, input.sessionId, user) } },
  'training.progress': { grants: { trainer: 'always', trainee: ({ input, core, user }) => ownTraining(core, input.traineeId, user) } },
  // Only ever the caller's own record: the handler reads it by the session's account, never by an input.
  'training.mine': to('trainee'),
  // A trainee chooses the language of their own scenarios; a trainer anyone's.
  'training.setLanguage': { grants: { trainer: 'always', trainee: ({ input, core, user }) => ownTraining(core, input.traineeId, user) } },
  'training.team': to('trainer'),
  'training.teamCsv': to('trainer'),
  'training.certificate': { grants: { trainer: 'always', trainee: ({ input, core, user }) => ownTraining(core, input.traineeId, user) } },
  'insights.summary': to('curator', 'trainer'),

  'scenarios.list': to('trainer'),
  'scenarios.get': to('trainer'),
  'scenarios.save': to('trainer'),
  'scenarios.delete': to('trainer'),
  'scenarios.undoDelete': to('trainer'),
  'scenarios.hidden': to('trainer'),
  'scenarios.setHidden': to('trainer'),
  // Turning a story into a scenario reads the story: an approved one.
  'scenarios.fromStory': { grants: { trainer: ({ input, core }) => approved(core, input.storyId) } },

  'library.backups': to('admin'),
  'library.backupNow': to('admin'),
  'library.restore': to('admin'),
  'users.list': to('admin'),
  'users.invite': to('admin'),
  'users.invitations': to('admin'),
  'users.revokeInvitation': to('admin'),
  'users.renewInvitation': to('admin'),
  'users.setRoles': to('admin'),
  'users.disable': to('admin'),
  'users.enable': to('admin'),
  'users.resetPassword': to('admin'),
  'audit.list': to('admin'),

  'exchange.exportPack': to('curator'),
  'exchange.previewPack': to('curator'),
  'exchange.applyPack': to('curator'),
  'exchange.closePreview': to('curator'),
  'exchange.csvPreview': to('curator'),
  'exchange.csvCheck': to('curator'),
  'exchange.csvImport': to('curator'),
  'exchange.csvExport': to('curator'),
  'exchange.markdownExport': to('curator'),
  'exchange.markdownPreview': to('curator'),
  'exchange.markdownUpload': to('curator'),

  'photos.add': to('contributor', 'curator'),
  'photos.get': to(...EVERYONE),

  'drafts.get': DRAFT_RULE,
  'drafts.save': DRAFT_RULE,
  'drafts.discard': DRAFT_RULE,

  // Jobs are started by exports (curators), certificates (trainers, trainees): each only its starter's
  // (the team server's file download asks jobs.get's rule).
  'jobs.get': OWN_JOB,
  'jobs.cancel': OWN_JOB,

  // The person's own language and theme (dispatch reads and writes the caller's, per account).
  'settings.get': to(...EVERYONE),
  'settings.update': to(...EVERYONE),
}

/** 'allowed', or the refusal to send back: 'auth.forbidden' naming the method, or a rule's own code. */
export function authorize<M extends ApiMethod>(method: M, input: ApiArgs<M>, user: Caller, core: CultureCore): 'allowed' | CultureError {
  const rule: Rule<M> = permissions[method]
  const context: RuleContext<M> = { input, user, core }
  const granted = user.roles.some((role) => {
    const grant = rule.grants[role]
    return grant === 'always' || (grant !== undefined && grant(context))
  })
  if (!granted) return new CultureError('auth.forbidden', { method })
  const refusal = rule.refuse?.(context)
  return refusal ? new CultureError(refusal) : 'allowed'
}

/** The roles a method is granted to at all (outright or on a condition): for menus that hide what a person cannot do. */
export function rolesFor(method: ApiMethod): Role[] {
  return EVERYONE.filter((role) => permissions[method].grants[role] !== undefined)
}

/** The methods a person holding `roles` may call at all (some on a condition): the page shows only what leads somewhere. */
export function methodsFor(roles: readonly Role[]): ApiMethod[] {
  return (Object.keys(permissions) as ApiMethod[]).filter((method) => rolesFor(method).some((role) => roles.includes(role)))
}
