import { createHash, randomBytes } from 'node:crypto'

/** A secret to hand out once (a session cookie, an invitation link): 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What the library stores of a token: its SHA-256, so a copy of the file lets nobody in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
