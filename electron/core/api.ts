/**
 * The one contract between the renderer and the core. Each operation is named once here, with the
 * zod schema its input must pass and the type it returns. Electron IPC and browser mode both
 * dispatch this table (see dispatch.ts); the renderer imports only types from it.
 */
import { z } from 'zod'
import type { ErrorInfo } from './errors'
import type { JobState } from './jobs/job-state'
import type { BackupFile } from './library/backup-file'
import { PACK_MAX_BASE64, type MarkdownRefusal, type PackPreview, type PackResult } from './exchange/pack-types'
import { CSV_FIELDS, type CsvCheck, type CsvPreview } from './exchange/csv-types'

import { editionFields, editionYear, type Edition } from './book/edition'
import type { BookPlan, ExportResult } from './book/book-model'
import type { CoreValue } from './values/core-value'
import type { SearchResponse, SimilarStory } from './search/search-types'
import type { ReviewResult, Story, StoryFacets, StoryPage, StoryRevision } from './stories/story'
import { isoDate, reviewNote, storyFields, storyQuery, storyStatus, uuid } from './stories/story-input'
import { scenarioFields, type Scenario, type ScenarioFields } from './training/scenario'
import type { AnswerResult, SessionStart, Trainee, TraineeProgress } from './training/training-types'
import type { InsightsSummary } from './insights/insights-types'
import { valueFields, valueLanguage, valueOrder } from './values/value-input'
import { settingsPatch, type AppSettings } from './settings/app-settings'
import { draftKey, draftSave, type Draft } from './drafts/draft'
import { PHOTO_MAX_BYTES, type PhotoInfo } from './photos/photo-types'
import { PHOTO_ID } from './photos/photo-references'
import { ROLES } from './accounts/roles'
import type { AuditEntry } from './accounts/audit-log'
import type { OneTimeLink, PendingInvitation, Person } from './accounts/people-types'

/** Phantom marker: carries the result type without a runtime value. */
const returns = <R>() => undefined as unknown as R

function op<I extends z.ZodType, R>(input: I, result: R) {
  return { input, result }
}

const none = z.object({}).strict().default({})
const byId = z.object({ id: uuid }).strict()
/** An invitation's id: the SHA-256 (hex) of its token, as users.invitations names it. */
const invitationId = z.string().regex(/^[0-9a-f]{64}$/)

/** A story as stories.get answers it. On a team server `mine` says whether the caller wrote it: the page offers only the changes their own-story rules allow. */
export interface ReadStory extends Story {
  mine?: boolean
}

export interface LibraryInfo {
  path: string
  schemaVersion: number
  isDemo: boolean
}

const csvMapping = z
  .object({
    previewId: uuid,
    mapping: z.partialRecord(z.enum(CSV_FIELDS), z.number().int().min(0).max(500)),
    defaultStatus: storyStatus.default('submitted'),
  })
  .strict()

export const api = {
  'library.info': op(none, returns<LibraryInfo>()),

  /** Each value named in `language` where it has a text in it, in the library's main language otherwise; with all its texts. */
  'values.list': op(z.object({ language: valueLanguage.optional() }).strict().default({}), returns<CoreValue[]>()),
  'values.create': op(valueFields, returns<CoreValue>()),
  /** The name and description are set in `language` (the library's main language unless given), the colour in all. */
  'values.update': op(z.object({ id: uuid, fields: valueFields, language: valueLanguage.optional() }).strict(), returns<CoreValue>()),
  'values.reorder': op(z.object({ ids: valueOrder }).strict(), returns<CoreValue[]>()),
  /** `undoToken` puts the value back with values.undoDelete (its texts, place and the stories' exact tags). */
  'values.delete': op(
    z.object({ id: uuid, moveTo: uuid.optional() }).strict(),
    returns<{ deleted: true; moved?: number; undoToken: string }>(),
  ),
  'values.undoDelete': op(z.object({ token: uuid }).strict(), returns<CoreValue>()),

  'stories.list': op(storyQuery, returns<StoryPage>()),
  'stories.facets': op(none, returns<StoryFacets>()),
  'stories.get': op(byId, returns<ReadStory>()),
  'stories.create': op(
    z.object({ fields: storyFields, status: z.enum(['draft', 'submitted']).default('draft') }).strict(),
    returns<Story>(),
  ),
  'stories.update': op(
    z
      .object({
        id: uuid,
        fields: storyFields,
        /** The `updatedAt` the editor started from; a mismatch means someone else saved meanwhile. */
        baseUpdatedAt: z.string().optional(),
        /** Submit a draft while saving it. */
        submit: z.boolean().default(false),
      })
      .strict(),
    returns<Story>(),
  ),
  'stories.setStatus': op(z.object({ id: uuid, status: storyStatus, ...reviewNote }).strict(), returns<Story>()),
  /** A reviewer's decision on several stories at once: one transaction, each refusal with its reason, duplicates as warnings. */
  'stories.setStatusMany': op(
    z.object({ ids: z.array(uuid).min(1).max(500), status: storyStatus, ...reviewNote }).strict(),
    returns<ReviewResult>(),
  ),
  'stories.trash': op(byId, returns<Story>()),
  'stories.restore': op(byId, returns<Story>()),
  'stories.history': op(byId, returns<StoryRevision[]>()),
  'stories.revert': op(z.object({ id: uuid, revisionId: uuid }).strict(), returns<Story>()),
  'stories.emptyTrash': op(
    z.object({ confirm: z.literal(true, { message: 'story.emptyTrashNotConfirmed' }) }).strict(),
    returns<{ deleted: number }>(),
  ),

  'search.query': op(
    z
      .object({
        // Long pastes are accepted and cut to size by the search, with a hint, rather than refused.
        text: z.string().max(10_000, 'search.textTooLong'),
        valueIds: z.array(uuid).max(20).optional(),
        status: storyStatus.optional(),
        yearFrom: z.number().int().min(1900).max(9999).optional(),
        yearTo: z.number().int().min(1900).max(9999).optional(),
        team: z.string().max(120).optional(),
        author: z.string().max(120).optional(),
        /** Only the caller's own stories (a team server's "My stories"); ignored without a signed-in caller. */
        mine: z.boolean().optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    returns<SearchResponse>(),
  ),
  'search.similar': op(z.object({ id: uuid, limit: z.number().int().min(1).max(50).default(5) }).strict(), returns<SimilarStory[]>()),

  /** `opensOn`: the year the book page starts on (BookService.openingYear), null when no year has stories to print. */
  'editions.list': op(none, returns<{ editions: Edition[]; years: number[]; opensOn: number | null }>()),
  'editions.open': op(z.object({ year: editionYear }).strict(), returns<Edition>()),
  'editions.update': op(z.object({ year: editionYear, fields: editionFields }).strict(), returns<Edition>()),
  'book.plan': op(z.object({ year: editionYear }).strict(), returns<BookPlan>()),
  'book.export': op(
    z
      .object({
        year: editionYear,
        /** `cover`: the cover's own PDF (back, spine, front on one sheet) for a print shop. */
        format: z.enum(['pdf', 'html', 'cover']),
        /** For the cover: the interior's page count, as its export said; the spine is as wide as those pages are thick. */
        pages: z.number().int().min(2, 'book.coverPagesInvalid').max(20_000, 'book.coverPagesInvalid').optional(),
        /**
         * A full path the user chose: in the desktop app in its Save dialog, in browser mode inside the
         * export folder (the core's path policy refuses anything else). Without one the book goes to
         * the export folder under a name no earlier export has.
         */
        path: z
          .string()
          .max(1000)
          .refine((p) => /^(\/|[A-Za-z]:[\\/])/.test(p), 'book.pathNotAbsolute')
          .optional(),
        /** A throwaway copy for the in-app preview. */
        preview: z.boolean().default(false),
      })
      .strict()
      .refine((i) => !i.path || i.path.toLowerCase().endsWith(i.format === 'html' ? '.html' : '.pdf'), {
        path: ['path'],
        message: 'book.extensionMismatch',
      })
      .refine((i) => i.format !== 'cover' || i.pages !== undefined, { path: ['pages'], message: 'book.coverPagesInvalid' }),
    returns<JobState<ExportResult>>(),
  ),
  'trainees.list': op(none, returns<Trainee[]>()),
  'trainees.create': op(
    z
      .object({
        name: z.string().trim().min(1, 'trainee.nameMissing').max(120, 'trainee.nameTooLong'),
        team: z.string().trim().max(120).default(''),
        startDate: isoDate,
        language: z.enum(['en', 'da', 'sv']).default('en'),
      })
      .strict(),
    returns<Trainee>(),
  ),
  'training.start': op(
    z.object({ traineeId: uuid, mode: z.enum(['onboarding', 'practice', 'focus']), valueId: uuid.optional() }).strict(),
    returns<SessionStart>(),
  ),
  'training.answer': op(z.object({ sessionId: uuid, choiceId: z.string().min(1).max(40) }).strict(), returns<AnswerResult>()),
  'training.retry': op(z.object({ sessionId: uuid }).strict(), returns<SessionStart>()),
  'training.progress': op(z.object({ traineeId: uuid }).strict(), returns<TraineeProgress>()),
  /** The signed-in person's own trainee record (a team server's trainee); null without one or without a caller. */
  'training.mine': op(none, returns<Trainee | null>()),
  /** The language a trainee's scenarios are picked in from now on. */
  'training.setLanguage': op(z.object({ traineeId: uuid, language: z.enum(['en', 'da', 'sv']) }).strict(), returns<Trainee>()),
  'training.team': op(none, returns<TraineeProgress[]>()),
  /** Headings, yes/no, value names and the file name in `language`: the window's. */
  'training.teamCsv': op(
    z
      .object({ language: z.enum(['en', 'da', 'sv']).default('en') })
      .strict()
      .default({ language: 'en' }),
    returns<{ fileName: string; csv: string }>(),
  ),
  'training.certificate': op(z.object({ traineeId: uuid }).strict(), returns<JobState<{ path: string }>>()),
  /**
   * The insights page: stories per value and year, per team, the review queue's age, training scores
   * and recurring misses. Years default to the last ten ending this year; names in `language`.
   */
  'insights.summary': op(
    z
      .object({
        years: z
          .object({ from: z.number().int().min(1900).max(9999), to: z.number().int().min(1900).max(9999) })
          .strict()
          .optional(),
        language: z.enum(['en', 'da', 'sv']).optional(),
      })
      .strict()
      .default({}),
    returns<InsightsSummary>(),
  ),
  'scenarios.list': op(none, returns<Scenario[]>()),
  'scenarios.get': op(byId, returns<Scenario>()),
  'scenarios.save': op(z.object({ id: uuid.nullable().default(null), fields: scenarioFields }).strict(), returns<Scenario>()),
  /** Refused until `confirm` (played or not), then retired whole: scenarios.undoDelete brings it back. */
  'scenarios.delete': op(z.object({ id: uuid, confirm: z.boolean().default(false) }).strict(), returns<{ deleted: true }>()),
  'scenarios.undoDelete': op(byId, returns<Scenario>()),
  /** The shipped scenarios someone hid (one per family); scenarios.list and training leave them out. */
  'scenarios.hidden': op(none, returns<Scenario[]>()),
  'scenarios.setHidden': op(z.object({ id: uuid, hidden: z.boolean() }).strict(), returns<Scenario>()),
  'scenarios.fromStory': op(z.object({ storyId: uuid }).strict(), returns<ScenarioFields>()),
  'library.backups': op(none, returns<BackupFile[]>()),
  'library.backupNow': op(none, returns<BackupFile>()),
  'library.restore': op(
    z.object({ name: z.string().min(1).max(300), confirm: z.literal(true, { message: 'backup.restoreNotConfirmed' }) }).strict(),
    returns<{ restored: string; restoredTakenAt: string; safetyBackup: string }>(),
  ),
  /** A team library's people (admins only); a library without accounts answers auth.notTeamLibrary. */
  'users.list': op(none, returns<Person[]>()),
  /** The invitation link's route, holding its token: shown once, it works for a week. */
  'users.invite': op(
    z.object({ email: z.string().min(1).max(254), roles: z.array(z.enum(ROLES)).max(ROLES.length) }).strict(),
    returns<OneTimeLink>(),
  ),
  /** Invitations to join not taken up yet, expired ones too, newest first. */
  'users.invitations': op(none, returns<PendingInvitation[]>()),
  /** Takes a pending invitation back (its id from users.invitations): its link opens nothing from then on. */
  'users.revokeInvitation': op(z.object({ id: invitationId }).strict(), returns<{ revoked: true }>()),
  /** A new link for a pending invitation, same address and roles, working for a week; the old link ends. */
  'users.renewInvitation': op(z.object({ id: invitationId }).strict(), returns<OneTimeLink>()),
  'users.setRoles': op(z.object({ id: uuid, roles: z.array(z.enum(ROLES)).max(ROLES.length) }).strict(), returns<Person>()),
  'users.disable': op(byId, returns<Person>()),
  'users.enable': op(byId, returns<Person>()),
  /** Ends the person's password and sessions; the link lets them choose a new one within a day. */
  'users.resetPassword': op(byId, returns<OneTimeLink>()),
  /** Newest first; `before` (an entry's id) pages further back. */
  'audit.list': op(
    z
      .object({ limit: z.number().int().min(1).max(500).default(100), before: z.number().int().min(1).optional() })
      .strict()
      .default({ limit: 100 }),
    returns<AuditEntry[]>(),
  ),
  'exchange.exportPack': op(
    z
      .object({ ids: z.array(uuid).max(100_000).optional(), sinceLastPack: z.boolean().default(false), zipped: z.boolean().default(false) })
      .strict(),
    returns<JobState<{ path: string; count: number }>>(),
  ),
  'exchange.previewPack': op(
    // The file's bytes, base64: a pack may be plain JSON or zipped.
    z.object({ base64: z.string().max(PACK_MAX_BASE64, 'pack.uploadTooLarge') }).strict(),
    returns<PackPreview>(),
  ),
  'exchange.applyPack': op(
    z
      .object({
        previewId: uuid,
        resolutions: z.record(
          z.string(),
          z.union([z.literal('mine'), z.literal('theirs'), z.object({ merged: z.record(z.string(), z.unknown()) }).strict()]),
        ),
        valueMap: z.record(z.string(), uuid).default({}),
      })
      .strict(),
    returns<JobState<PackResult>>(),
  ),
  // A preview holds its pack in memory until applied, closed or pushed out by newer ones.
  'exchange.closePreview': op(z.object({ previewId: uuid }).strict(), returns<{ closed: boolean }>()),
  'exchange.csvPreview': op(z.object({ base64: z.string().max(PACK_MAX_BASE64, 'csv.uploadTooLarge') }).strict(), returns<CsvPreview>()),
  'exchange.csvCheck': op(csvMapping, returns<CsvCheck>()),
  'exchange.csvImport': op(csvMapping, returns<JobState<CsvCheck & { backup: string | null }>>()),
  'exchange.csvExport': op(none, returns<JobState<{ path: string }>>()),
  'exchange.markdownExport': op(none, returns<JobState<{ folder: string; count: number }>>()),
  'exchange.markdownPreview': op(
    // Desktop: a folder chosen with "Choose folder…"; browser mode: a folder inside the export folder (or a name relative to it).
    z.object({ folder: z.string().min(1).max(1000) }).strict(),
    returns<PackPreview & { refused: MarkdownRefusal[] }>(),
  ),
  // Browser mode: the files of a folder the user picked, zipped by the page (a browser cannot name a folder on disk).
  'exchange.markdownUpload': op(
    z.object({ base64: z.string().min(1).max(PACK_MAX_BASE64, 'markdown.uploadTooLarge') }).strict(),
    returns<PackPreview & { refused: MarkdownRefusal[] }>(),
  ),
  /** An editor's unsaved work, saved while typing; saving the story or scenario discards it (see drafts/draft.ts). */
  'drafts.get': op(draftKey, returns<Draft | null>()),
  'drafts.save': op(draftSave, returns<{ savedAt: string }>()),
  'drafts.discard': op(draftKey, returns<{ discarded: boolean }>()),
  /**
   * A pasted or dropped photo's file, base64: turned upright, shrunk to print size, stripped of every
   * bit of metadata and stored once in the library. Stories show it as `![alt text](photo:<id>)`.
   */
  'photos.add': op(
    z.object({ base64: z.string().max(4 * Math.ceil(PHOTO_MAX_BYTES / 3), 'photo.uploadTooLarge') }).strict(),
    returns<PhotoInfo>(),
  ),
  /** A stored photo's bytes, base64, for the window to show. */
  'photos.get': op(z.object({ id: z.string().regex(PHOTO_ID, 'photo.notFound') }).strict(), returns<PhotoInfo & { base64: string }>()),
  'jobs.get': op(byId, returns<JobState>()),
  'jobs.cancel': op(byId, returns<JobState>()),
  'settings.get': op(none, returns<AppSettings>()),
  'settings.update': op(settingsPatch, returns<AppSettings>()),
} as const

export type Api = typeof api
export type ApiMethod = keyof Api
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>
export type ApiArgs<M extends ApiMethod> = z.output<Api[M]['input']>
export type ApiResult<M extends ApiMethod> = Api[M]['result']

/** A failure as data: its kind, code, parameters and field issues (see errors.ts). */
export type ApiErrorInfo = ErrorInfo

/** What crosses a transport: errors travel as data, since IPC strips custom error fields. */
export type ApiResponse<R> = { ok: true; value: R } | { ok: false; error: ApiErrorInfo }

/** Pushed from the core when data changes, so every window's stores can refresh. */
export interface ChangeEvent {
  topic: 'values' | 'stories' | 'editions' | 'training' | 'jobs' | 'settings'
  ids?: string[]
  /** Only these stories' status changed, not their text: the search refiles them rather than reindexing. */
  statusOnly?: true
  job?: JobState
}

/** What a native path dialog is for: a Markdown folder to read, or where to save a PDF or HTML book. */
export type ChoosePathPurpose = 'markdown-folder' | 'save-pdf' | 'save-html'

/** What the preload (Electron) or the HTTP bridge (browser mode) installs as `window.culture`. */
export interface CultureBridge {
  /** `signal` lets the window give up on an answer it no longer wants (browser mode aborts the request; IPC cannot, and the answer is dropped). */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>, options?: { signal?: AbortSignal }): Promise<ApiResponse<ApiResult<M>>>
  onChange(listener: (event: ChangeEvent) => void): () => void
  /** Opens an http(s) or mailto link outside the app. */
  openExternal(url: string): Promise<void>
  /** Opens, shows in its folder, or previews in the app the file a finished export job wrote. */
  openJobFile(jobId: string, action: 'open' | 'show' | 'preview'): Promise<void>
  /** A URL the page can show or download the job's file from, where the shell serves files (browser mode). */
  jobFileUrl(jobId: string, inline: boolean): string | null
  /**
   * Asks for a folder (to import) or a file name (to save a book as) in a native dialog; the path it
   * returns is the only one the desktop app then lets the core use. Null where there is no dialog
   * (browser mode: type a folder inside the export folder) or when the user cancels.
   */
  choosePath(purpose: ChoosePathPurpose): Promise<string | null>
  readonly shell: 'electron' | 'browser'
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name)
}
