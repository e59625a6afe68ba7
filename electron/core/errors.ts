/** Error codes the contract can return; the renderer branches on these, never on message text. */
export type CultureErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'in_use'
  | 'unknown_method'
  | 'library'
  | 'forbidden'
  | 'internal'

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `valueIds` or `story.title`; empty for the whole input. */
  path: string
  message: string
}

/** A failure meant for a person to read. Anything else thrown is reported as `internal`. */
export class CultureError extends Error {
  constructor(
    readonly code: CultureErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message)
    this.name = 'CultureError'
  }
}
