/**
 * What a person may do in a team library. A person may hold several roles; nobody holds all of
 * them by default (an admin runs the server, and is a curator only if also given that role).
 */
export const ROLES = ['contributor', 'curator', 'trainer', 'trainee', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Who is calling, as a signed-in session names them. */
export interface Caller {
  id: string
  roles: readonly Role[]
}

export function isRole(text: unknown): text is Role {
  return typeof text === 'string' && (ROLES as readonly string[]).includes(text)
}
