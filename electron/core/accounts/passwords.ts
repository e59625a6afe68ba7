import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2'
import { randomBytes } from 'node:crypto'
import { CultureError } from '../errors'

/**
 * argon2id with OWASP's first recommended setting (Password Storage Cheat Sheet): 19 MiB of memory,
 * 2 passes, 1 lane, a 16-byte random salt (the binding's) and a 32-byte hash. About 30 ms a login on
 * this machine's cores, so 200 people signing in at once stays within seconds. The parameters are
 * written into each hash (PHC string), so raising them later still verifies the older hashes.
 */
export const ARGON2_OPTIONS: Options = {
  // Algorithm.Argon2id: the enum is a const enum, which isolated modules cannot read.
  algorithm: 2 satisfies Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
}

export const PASSWORD_MIN_LENGTH = 10
/** Long enough for any passphrase, short enough that hashing one is no way to tie up the server. */
export const PASSWORD_MAX_LENGTH = 200

/** Passwords that meet the length rule and are still among the first an attacker tries (lower case). */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1111111111',
  '0000000000',
  '1q2w3e4r5t',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'asdfghjkl1',
  'password12',
  'password123',
  'password1!',
  'passw0rd123',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'welcome2024',
  'welcome2025',
  'welcome2026',
  'changeme123',
  'administrator',
  'adminadmin',
  'football12',
  'baseball12',
  'sunshine12',
  'princess12',
  'dragon1234',
  'monkey1234',
  'abcdefghij',
  'abc1234567',
  'culturebook',
  'culturebook1',
])

/** Refuses a password too short, too long or too common, with the reason. */
export function checkPassword(password: string): void {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) throw new CultureError('auth.passwordTooShort', { min: PASSWORD_MIN_LENGTH })
  if (length > PASSWORD_MAX_LENGTH) throw new CultureError('auth.passwordTooLong', { max: PASSWORD_MAX_LENGTH })
  if (COMMON_PASSWORDS.has(password.toLowerCase())) throw new CultureError('auth.passwordTooCommon')
}

/** The PHC string to store, after the password passed checkPassword. */
export async function hashPassword(password: string): Promise<string> {
  checkPassword(password)
  return hash(password, ARGON2_OPTIONS)
}

/** A real hash of a password nobody has: checked against when there is no account, so a missing one takes as long as a wrong password. */
let decoy: Promise<string> | null = null

/**
 * Whether `password` is the one `stored` was made from. argon2 recomputes the hash and compares it
 * in constant time; without a stored hash (no such account, or single sign-on only) a decoy is
 * verified instead, so the answer's timing does not tell which accounts exist.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const overLong = [...password].length > PASSWORD_MAX_LENGTH
  decoy ??= hash(randomBytes(32).toString('hex'), ARGON2_OPTIONS)
  const hashed = stored && !overLong ? stored : await decoy
  const matches = await verify(hashed, overLong ? '' : password)
  return matches && hashed === stored
}
