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

/** An invitation to join not taken up yet (users.invitations), expired ones too. */
export interface PendingInvitation {
  /** The stored hash of its token: names the invitation to revoke or renew, and opens nothing. */
  id: string
  email: string
  roles: Role[]
  createdAt: string
  expiresAt: string
  /** The admin who sent it, by name (their email without one); null for an account since removed. */
  invitedBy: string | null
}

/** What a link's page may say before it is taken up (GET /auth/invitation): whom it is for and until when, never its roles or sender. */
export interface InvitationFacts {
  /** A join adds a person; a reset sets a new password for one already there. */
  kind: 'join' | 'reset'
  email: string
  /** The account's name for a reset; '' for a join (the person chooses it). */
  displayName: string
  expiresAt: string
}

/** A link to hand over once (an invitation, a password reset): the page's route holding the token, and when it stops working. */
export interface OneTimeLink {
  path: string
  expiresAt: string
}
