import type { Role } from './roles'

/** One row of the People list (users.list). */
export interface Person {
  id: string
  email: string
  name: string
  roles: Role[]
  disabled: boolean
  /** Set while failed sign-ins keep the account locked. */
  lockedUntil: string | null
  /** The newest use of any of their sessions; null if they never signed in (or their sessions ran out). */
  lastSeenAt: string | null
}

/** A link to hand over once (an invitation, a password reset): the page's route holding the token, and when it stops working. */
export interface OneTimeLink {
  path: string
  expiresAt: string
}
