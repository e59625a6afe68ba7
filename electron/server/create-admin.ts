import type { Accounts } from '../core/accounts/accounts'
import { hashPassword } from '../core/accounts/passwords'
import type { User } from '../core/accounts/user-repository'
import { CultureError } from '../core/errors'

export interface FirstAdmin {
  user: User
  /** Without a password: the one-time token that sets it (a day, like an admin's reset). */
  token: string | null
}

/**
 * `npm run serve -- --create-admin <email>`: the library's first admin. With a password it can sign
 * in at once; without one it gets a one-time token for /auth/accept-invitation. Refused once the
 * library has an admin: from then on admins invite people.
 */
export async function createFirstAdmin(accounts: Accounts, email: string, password: string | null): Promise<FirstAdmin> {
  if (accounts.users.holders('admin').length > 0) throw new CultureError('auth.adminExists')
  const passwordHash = password ? await hashPassword(password) : null
  const user = accounts.users.create({ email, displayName: email.trim().split('@')[0], passwordHash, roles: ['admin'] }, null)
  return { user, token: passwordHash ? null : accounts.invitations.issueReset(user.id, user.id) }
}
