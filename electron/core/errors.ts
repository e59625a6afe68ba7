import en from '../../resources/locales/en.json'
import { errorText, translator, type Translate } from './error-text'
import { lookup } from './message-format'

/**
 * How a failure is treated by every transport (its HTTP status, whether it is logged): coarse on
 * purpose. What went wrong is the code.
 */
export type ErrorKind =
  'invalid_input' | 'not_found' | 'conflict' | 'in_use' | 'unknown_method' | 'library' | 'forbidden' | 'internal' | 'cancelled'

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]

/**
 * A stable dotted code such as `story.titleTooLong`. The codes are the keys of the English
 * catalogue's `errors` section (resources/locales/en.json), so a code without a text does not compile.
 */
export type ErrorCode = Leaves<typeof en.errors>
type ErrorDomain = keyof typeof en.errors

/** Plain values only; numbers are counts and limits, shown with the reader's digit grouping. */
export type ErrorParams = Record<string, string | number>

/** Each domain's usual kind, and the codes that differ from it: one table decides every status code. */
const DOMAIN_KIND: Record<ErrorDomain, ErrorKind> = {
  internal: 'internal',
  call: 'unknown_method',
  input: 'invalid_input',
  job: 'not_found',
  storage: 'library',
  web: 'forbidden',
  auth: 'forbidden',
  path: 'invalid_input',
  file: 'invalid_input',
  library: 'library',
  backup: 'library',
  value: 'invalid_input',
  edition: 'invalid_input',
  book: 'invalid_input',
  search: 'invalid_input',
  trainee: 'invalid_input',
  training: 'invalid_input',
  scenario: 'invalid_input',
  story: 'invalid_input',
  date: 'invalid_input',
  zip: 'invalid_input',
  markdown: 'invalid_input',
  chromium: 'invalid_input',
  args: 'invalid_input',
  pack: 'invalid_input',
  csv: 'invalid_input',
  draft: 'invalid_input',
  photo: 'invalid_input',
  insights: 'invalid_input',
}

const CODE_KIND: { [C in ErrorCode]?: ErrorKind } = {
  'call.untrustedFrame': 'forbidden',
  'job.cancelled': 'cancelled',
  'auth.passwordTooShort': 'invalid_input',
  'auth.passwordTooLong': 'invalid_input',
  'auth.passwordTooCommon': 'invalid_input',
  'auth.emailInvalid': 'invalid_input',
  'auth.nameInvalid': 'invalid_input',
  'auth.roleUnknown': 'invalid_input',
  'auth.emailTaken': 'conflict',
  'auth.adminExists': 'conflict',
  'auth.lastAdmin': 'conflict',
  'auth.userNotFound': 'not_found',
  'auth.invitationInvalid': 'not_found',
  'auth.invitationGone': 'not_found',
  'web.badEscape': 'invalid_input',
  'web.notJson': 'invalid_input',
  'web.badJson': 'invalid_input',
  'web.uploadTooLarge': 'invalid_input',
  'web.requestTooLarge': 'invalid_input',
  'web.fileUnavailable': 'not_found',
  'web.unreachable': 'internal',
  'web.answerTooLarge': 'invalid_input',
  'web.unexpectedAnswer': 'internal',
  'path.noFolder': 'not_found',
  'path.noExportFolder': 'not_found',
  'path.outsideExportFolder': 'forbidden',
  'path.saveNotChosen': 'forbidden',
  'path.folderNotChosen': 'forbidden',
  'file.writeFailed': 'internal',
  'file.writeFailedDiskFull': 'library',
  'library.inUse': 'in_use',
  'storage.busy': 'in_use',
  'library.inUseElsewhere': 'in_use',
  'library.inUseOpening': 'in_use',
  'library.noId': 'internal',
  'backup.notFound': 'not_found',
  'backup.writeFailed': 'internal',
  'backup.restoreNotConfirmed': 'invalid_input',
  'value.notFound': 'not_found',
  'value.nameTaken': 'conflict',
  'value.nameTakenHere': 'conflict',
  'value.inUse': 'in_use',
  'value.inUseSomeTrashed': 'in_use',
  'value.moveToSelf': 'invalid_input',
  'value.undoGone': 'not_found',
  'value.undoNameTaken': 'conflict',
  'value.undoStoriesChanged': 'conflict',
  'book.anchorsMissing': 'internal',
  'book.printFailed': 'internal',
  'chromium.bundledBroken': 'internal',
  'book.exportCancelled': 'cancelled',
  'trainee.notFound': 'not_found',
  'training.sessionEnded': 'not_found',
  'training.scenarioEnded': 'conflict',
  'scenario.notFound': 'not_found',
  'scenario.inUse': 'in_use',
  'scenario.confirmDelete': 'in_use',
  'scenario.notDeleted': 'conflict',
  'scenario.undoValueGone': 'conflict',
  'pack.importCancelled': 'cancelled',
  'csv.importCancelled': 'cancelled',
  'pack.previewExpired': 'not_found',
  'csv.previewExpired': 'not_found',
  'story.notFound': 'not_found',
  'photo.notFound': 'not_found',
  'story.revisionNotFound': 'not_found',
  'story.inTrash': 'conflict',
  'story.inTrashEdit': 'conflict',
  'story.editedMeanwhile': 'conflict',
  'story.editedMeanwhileBy': 'conflict',
  'story.revisionValueGone': 'conflict',
}

export function kindOf(code: ErrorCode): ErrorKind {
  return CODE_KIND[code] ?? DOMAIN_KIND[code.slice(0, code.indexOf('.')) as ErrorDomain]
}

export function isErrorCode(text: string): text is ErrorCode {
  return text.includes('.') && lookup(en.errors, text) !== text
}

/** The one status each kind answers with over HTTP (browser mode). */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  in_use: 409,
  cancelled: 409,
  internal: 500,
  library: 503,
}

/** English from the catalogue: for logs, the command line and `err.message`. */
export const english: Translate = translator('en')

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `valueIds` or `fields.title`; empty for the whole input. */
  path: string
  /** The field's label key under the catalogue's `fields` (`story.title`), when it has one. */
  field?: string
  code: ErrorCode
  params: ErrorParams
  /** English, for logs and tests; windows show the catalogue's text for `code`. */
  message: string
}

/** A problem reported as data rather than thrown (a CSV row left out, a file not read): its code and its English. */
export interface Problem {
  code: ErrorCode
  params: ErrorParams
  issues: FieldIssue[]
  /** English, for logs, the command line and tests; windows show the catalogue's text for `code`. */
  reason: string
}

export function problem(code: ErrorCode, params: ErrorParams = {}, issues: FieldIssue[] = []): Problem {
  return { code, params, issues, reason: errorText({ code, params, issues }, english) }
}

/** An error as it crosses a transport (IPC strips custom fields of Error objects, so it travels as data). */
export interface ErrorInfo {
  kind: ErrorKind
  code: ErrorCode
  params: ErrorParams
  issues: FieldIssue[]
  /** For an unexpected failure: the id of its entry in the log, shown to the person. */
  ref?: string
  /** English, for logs and tests; windows show the catalogue's text for `code`. */
  message: string
}

export function fieldIssue(path: string, code: ErrorCode, params: ErrorParams = {}, field?: string): FieldIssue {
  return { path, ...(field ? { field } : {}), code, params, message: english(`errors.${code}`, params, countOf(params)) }
}

const countOf = (params: ErrorParams) => (typeof params.count === 'number' ? params.count : undefined)

/** A failure meant for a person: a code and its parameters. Anything else thrown is reported as `internal.unexpected`. */
export class CultureError extends Error {
  readonly kind: ErrorKind
  readonly code: ErrorCode
  readonly params: ErrorParams
  readonly issues: FieldIssue[]
  readonly ref?: string

  constructor(code: ErrorCode, params: ErrorParams = {}, issues: FieldIssue[] = [], options: { ref?: string; cause?: unknown } = {}) {
    super(
      errorText({ code, params, issues, ref: options.ref }, english),
      options.cause === undefined ? undefined : { cause: options.cause },
    )
    this.name = 'CultureError'
    this.kind = kindOf(code)
    this.code = code
    this.params = params
    this.issues = issues
    if (options.ref) this.ref = options.ref
  }

  /** An error that crossed a transport as data (a worker thread, IPC), thrown again with its code and words. */
  static fromInfo(info: Pick<ErrorInfo, 'code' | 'params' | 'issues' | 'ref'>): CultureError {
    return new CultureError(info.code, info.params, info.issues, { ref: info.ref })
  }

  /** The same error carrying the reference id of its log entry. */
  withRef(ref: string): CultureError {
    return new CultureError(this.code, this.params, this.issues, { ref, cause: this.cause })
  }

  toInfo(): ErrorInfo {
    return {
      kind: this.kind,
      code: this.code,
      params: this.params,
      issues: this.issues,
      ...(this.ref ? { ref: this.ref } : {}),
      message: this.message,
    }
  }
}
