import { api, isApiMethod, type ApiArgs, type ApiMethod, type ApiResponse, type ApiResult } from './api'
import type { Caller } from './accounts/roles'
import type { CultureCore } from './culture-core'
import type { DraftKey } from './drafts/draft'
import { planOf } from './book/book-model'
import { startBookExport } from './book/book-jobs'
import { CultureError } from './errors'
import { inputIssues } from './input-issues'
import type { Logger } from './logger'
import { normalizeInput } from './input-text'
import { asCultureError } from './failure'
import { scenarioFromStory } from './training/scenario-from-story'
import { startCertificate } from './training/certificate-job'
import { runInSlices } from './exchange/slices'
import { uploadBytes } from './exchange/upload-bytes'
import { undoValueDelete } from './values/value-undo'
import { insightsSummary } from './insights/insights-service'
import { reviewStories } from './stories/story-review'
import { searchScope, storyScope } from './accounts/story-scope'
import { storyFacts } from './accounts/ownership'
import { auditPage, linkOf, listPeople, personOf, teamOf } from './accounts/people-admin'
import { audited, auditedAfter, auditedStatus, jobNote, reviewNotes } from './accounts/action-audit'
import { settingsOf, updateSettings } from './settings/personal-settings'
import { serverPathsHidden } from './accounts/server-paths'

/** `caller` is the team server's signed-in person; absent in browser mode and the desktop app. */
type Handlers = {
  [M in ApiMethod]: (args: ApiArgs<M>, core: CultureCore, caller: Caller | undefined) => ApiResult<M> | Promise<ApiResult<M>>
}

/** The core behind each contract entry. The mapped type makes a missing handler a compile error. */
const handlers: Handlers = {
  // A team server's file is the server's business: its people see the library by the server's address.
  'library.info': (_args, core, caller) => (caller ? { ...core.library.info(), path: '' } : core.library.info()),

  'values.list': ({ language }, core) => core.values.list(language),
  'values.create': (fields, core) => core.values.create(fields),
  'values.update': ({ id, fields, language }, core) => core.values.update(id, fields, language),
  'values.reorder': ({ ids }, core) => core.values.reorder(ids),
  'values.delete': ({ id, moveTo }, core) => (moveTo ? core.stories.moveValueAndDelete(id, moveTo) : core.values.delete(id)),
  'values.undoDelete': ({ token }, core) => undoValueDelete(core, token),

  // A team server's caller sees their view of the library (storyScope); without a caller, all of it.
  'stories.list': ({ mine, ...query }, core, caller) => core.stories.list(query, storyScope(caller, mine)),
  'stories.facets': (_args, core, caller) => core.stories.facets(storyScope(caller)),
  'stories.get': ({ id }, core, caller) => {
    const story = core.stories.get(id)
    return caller ? { ...story, mine: storyFacts(core.db, id)?.createdBy === caller.id } : story
  },
  // Saving what an editor had a draft of discards the draft in the same transaction.
  'stories.create': ({ fields, status }, core, caller) =>
    settled(core, { kind: 'story', id: null }, caller, () => core.stories.create(fields, status)),
  'stories.update': ({ id, fields, baseUpdatedAt, submit }, core, caller) =>
    settled(core, { kind: 'story', id }, caller, () => core.stories.update(id, fields, { baseUpdatedAt, submit })),
  // A team server's approvals and archivings are audited in their own transaction.
  'stories.setStatus': ({ id, status, ...review }, core, caller) =>
    auditedStatus(core, caller, id, status, () => core.stories.setStatus(id, status, review)),
  'stories.setStatusMany': ({ ids, status, ...review }, core, caller) =>
    audited(
      core,
      caller,
      () => reviewStories(core, ids, status, review),
      (result) => reviewNotes(status, result.changed),
    ),
  'stories.trash': ({ id }, core) => core.stories.trash(id),
  'stories.restore': ({ id }, core) => core.stories.restore(id),
  'stories.history': ({ id }, core) => core.stories.revisions.list(id),
  'stories.revert': ({ id, revisionId }, core) => core.stories.revert(id, revisionId),
  'stories.emptyTrash': (_args, core) => ({ deleted: core.stories.emptyTrash() }),

  'search.query': ({ text, offset, limit, mine, ...filters }, core, caller) =>
    core.search.query(text, { ...filters, scope: searchScope(core.db, storyScope(caller, mine)) }, offset, limit),
  'search.similar': ({ id, limit }, core, caller) => core.search.similar(id, limit, searchScope(core.db, storyScope(caller))),

  'editions.list': (_args, core) => ({
    editions: core.books.editions.list(),
    years: core.stories.facets().years,
    opensOn: core.books.openingYear(),
  }),
  'editions.open': ({ year }, core) => core.books.editions.open(year),
  'editions.update': ({ year, fields }, core) => core.books.editions.update(year, fields),
  'book.plan': async ({ year }, core) => planOf(await core.books.modelInSlices(year)),
  // Exports are audited once started (their files are written by the job).
  'book.export': (input, core, caller) =>
    auditedAfter(
      core,
      caller,
      () => startBookExport(core, input),
      (job) => ({ action: 'book.exported', subject: job.id, detail: { year: input.year, format: input.format, preview: input.preview } }),
    ),
  'trainees.list': (_args, core) => core.training.trainees(),
  'trainees.create': (fields, core) => core.training.createTrainee(fields),
  'training.start': ({ traineeId, mode, valueId }, core) => core.training.start(traineeId, mode, valueId),
  'training.answer': ({ sessionId, choiceId }, core) => core.training.answer(sessionId, choiceId),
  'training.retry': ({ sessionId }, core) => core.training.retry(sessionId),
  'training.progress': ({ traineeId }, core) => core.training.progress(traineeId),
  'training.mine': (_args, core, caller) => (caller ? core.training.mine(caller.id) : null),
  'training.setLanguage': ({ traineeId, language }, core) => core.training.setLanguage(traineeId, language),
  'training.team': (_args, core) => core.training.team(),
  'training.teamCsv': ({ language }, core, caller) =>
    auditedAfter(
      core,
      caller,
      () => core.training.teamCsv(language),
      () => ({ action: 'training.exported' }),
    ),
  'training.certificate': ({ traineeId }, core) => startCertificate(core, traineeId),
  'insights.summary': (input, core) => insightsSummary(core.db, core.values, input),
  'scenarios.list': (_args, core) => core.training.scenarios.list(),
  'scenarios.get': ({ id }, core) => core.training.scenarios.get(id),
  'scenarios.save': ({ id, fields }, core, caller) =>
    settled(core, { kind: 'scenario', id }, caller, () => core.training.scenarios.save(id, fields)),
  'scenarios.delete': ({ id, confirm }, core) => core.training.scenarios.delete(id, confirm),
  'scenarios.undoDelete': ({ id }, core) => core.training.scenarios.undoDelete(id),
  'scenarios.hidden': (_args, core) => core.training.scenarios.hidden(),
  'scenarios.setHidden': ({ id, hidden }, core) => core.training.scenarios.setHidden(id, hidden),
  'scenarios.fromStory': ({ storyId }, core) => scenarioFromStory(core.stories.get(storyId)),
  'library.backups': (_args, core) => core.library.backups(),
  'library.backupNow': (_args, core, caller) =>
    auditedAfter(
      core,
      caller,
      () => core.library.backupNow(),
      (backup) => ({ action: 'library.backedUp', subject: backup.name }),
    ),
  // The entry goes into the library as restored (an entry written before would be undone by the restore).
  'library.restore': ({ name }, core, caller) =>
    auditedAfter(
      core,
      caller,
      () => core.library.restore(name),
      (done) => ({ action: 'library.restored', subject: done.restored, detail: { safetyBackup: done.safetyBackup } }),
    ),
  // The account methods act as the signed-in admin; each change is one transaction with its audit entry.
  'users.list': (_args, core, caller) => listPeople(core.db, teamOf(core.db, caller).accounts.users),
  'users.invite': ({ email, roles }, core, caller) => {
    const team = teamOf(core.db, caller)
    return linkOf(core.db, team.accounts.invitations.invite(email, roles, team.user.id))
  },
  'users.invitations': (_args, core, caller) => teamOf(core.db, caller).accounts.invitations.pending(),
  'users.revokeInvitation': ({ id }, core, caller) => {
    const team = teamOf(core.db, caller)
    team.accounts.invitations.revoke(id, team.user.id)
    return { revoked: true as const }
  },
  'users.renewInvitation': ({ id }, core, caller) => {
    const team = teamOf(core.db, caller)
    return linkOf(core.db, team.accounts.invitations.renew(id, team.user.id))
  },
  'users.setRoles': ({ id, roles }, core, caller) => {
    const team = teamOf(core.db, caller)
    team.accounts.users.setRoles(id, roles, team.user.id)
    return personOf(team, core.db, id)
  },
  'users.disable': ({ id }, core, caller) => setDisabled(core, caller, id, true),
  'users.enable': ({ id }, core, caller) => setDisabled(core, caller, id, false),
  'users.resetPassword': ({ id }, core, caller) => {
    const team = teamOf(core.db, caller)
    return linkOf(core.db, team.accounts.invitations.issueReset(id, team.user.id))
  },
  'audit.list': (input, core, caller) => auditPage(teamOf(core.db, caller), input),
  'exchange.exportPack': (selection, core, caller) =>
    auditedAfter(core, caller, () => core.exchange.exportPack(selection), jobNote('pack.exported')),
  'exchange.previewPack': ({ base64 }, core) => core.exchange.previewPack(base64),
  'exchange.applyPack': (choices, core) => core.exchange.applyPack(choices),
  'exchange.closePreview': ({ previewId }, core) => ({ closed: core.packs.closePreview(previewId) }),
  'exchange.csvPreview': ({ base64 }, core) => core.csv.previewInSlices(base64),
  'exchange.csvCheck': ({ previewId, mapping, defaultStatus }, core) => core.csv.checkInSlices(previewId, mapping, defaultStatus),
  'exchange.csvImport': (mapping, core) => core.exchange.csvImport(mapping),
  'exchange.csvExport': (_args, core, caller) => auditedAfter(core, caller, () => core.exchange.csvExport(), jobNote('csv.exported')),
  'exchange.markdownExport': (_args, core, caller) =>
    auditedAfter(core, caller, () => core.exchange.markdownExport(), jobNote('markdown.exported')),
  'exchange.markdownPreview': ({ folder }, core) => core.exchange.markdownPreview(folder),
  'exchange.markdownUpload': ({ base64 }, core) => core.exchange.markdownUpload(base64),
  // Drafts are the caller's own: no parameter reaches another person's.
  'drafts.get': (key, core, caller) => core.drafts.get(key, caller?.id),
  'drafts.save': (draft, core, caller) => core.drafts.save(draft, caller?.id),
  'drafts.discard': (key, core, caller) => core.drafts.discard(key, caller?.id),
  'photos.add': async ({ base64 }, core) => core.photos.add(await runInSlices(uploadBytes(base64))),
  'photos.get': ({ id }, core) => {
    const { bytes, ...info } = core.photos.get(id)
    return { ...info, base64: bytes.toString('base64') }
  },
  'jobs.get': ({ id }, core) => core.jobs.get(id),
  'jobs.cancel': ({ id }, core) => core.jobs.cancel(id),
  // A team server's settings are each person's own; without a caller, settings.json as before.
  'settings.get': (_args, core, caller) => settingsOf(core, caller),
  'settings.update': (patch, core, caller) => updateSettings(core, caller, patch),
}

function setDisabled(core: CultureCore, caller: Caller | undefined, id: string, disabled: boolean) {
  const team = teamOf(core.db, caller)
  team.accounts.users.setDisabled(id, disabled, team.user.id)
  return personOf(team, core.db, id)
}

/**
 * `save` and the discarding of the caller's draft as one transaction; the search index catches up
 * once it ends, so a rolled-back save is never indexed.
 */
function settled<R>(core: CultureCore, key: DraftKey, caller: Caller | undefined, save: () => R): R {
  return core.search.batch(() => core.drafts.settledBy(key, save, caller?.id))
}

/**
 * The team server's signed-in caller: `check` runs on the validated input before the call (the
 * permissions; a refusal, or null), and the call's writes name `caller` as who made them.
 */
export interface Gate {
  caller: Caller
  check: (method: ApiMethod, input: unknown) => CultureError | null
}

export type Dispatch = (method: unknown, input: unknown, gate?: Gate) => Promise<ApiResponse<unknown>>

/**
 * `(method, input) → validate → core`, shared by IPC and HTTP. Every failure comes back as data with
 * a message a person can read; internal details go to the log, never to the window.
 */
export function createDispatch(core: CultureCore, log: Logger = core.log): Dispatch {
  const answer = respond(core, log)
  // A team server's people get a file's name, never where the server keeps it; the desktop app and
  // browser mode answer their own person, on their own machine, with full paths.
  return async (method, input, gate) => (gate ? serverPathsHidden(await answer(method, input, gate), core) : answer(method, input))
}

function respond(core: CultureCore, log: Logger): Dispatch {
  return async (method, input, gate) => {
    if (!isApiMethod(method)) {
      return failure(new CultureError('call.unknownMethod', { method: String(method).slice(0, 80) }))
    }
    try {
      // Text is made well-formed and NFC once, here, so every length limit counts what will be stored.
      const normalized = normalizeInput(input ?? {})
      const parsed = api[method].input.safeParse(normalized)
      if (!parsed.success) return failure(new CultureError('input.invalid', {}, inputIssues(parsed.error, normalized, method)))
      const refusal = gate?.check(method, parsed.data)
      if (refusal) return failure(refusal)
      const handler = handlers[method] as (args: unknown, core: CultureCore, caller: Caller | undefined) => unknown
      // Story writes are synchronous, so every version they keep names the caller (null without one).
      const value = await core.stories.revisions.actingAs(gate?.caller.id ?? null, () => handler(parsed.data, core, gate?.caller))
      return { ok: true, value }
    } catch (err) {
      // Whatever the cause, the caller gets data: IPC and HTTP never see a thrown error.
      return failure(asCultureError(err, core.libraryPath, log))
    }
  }
}

function failure(err: CultureError): ApiResponse<never> {
  return { ok: false, error: err.toInfo() }
}
