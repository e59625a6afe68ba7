import { parseArgs } from 'node:util'
import { CultureError } from './errors'
import { LIBRARY_ENV } from './library/library-location'

/** One command-line option: `--name <value>` for a string, a bare `--name` for a boolean. */
export interface ShellOption {
  type: 'string' | 'boolean'
  /** What a string's value is, for the help text: `--library <file>`. */
  value?: string
  /** A string that must be a whole number within these bounds; it is given as a number. */
  integer?: { min: number; max: number }
  help: string
}
export type ShellOptions = Record<string, ShellOption>

/** What was given: a string option's value (a number for an integer one), `true` for a boolean one; absent when not given. */
export type ShellArgs<O extends ShellOptions> = {
  [K in keyof O]?: O[K] extends { integer: object } ? number : O[K]['type'] extends 'string' ? string : true
} & { help?: true }

const library = { type: 'string', value: 'file', help: `open another library file (or set ${LIBRARY_ENV})` } as const satisfies ShellOption
const demo = { type: 'boolean', help: 'open a fresh demo library in a temp folder' } as const satisfies ShellOption

/** `npm run web`: browser mode. */
export const WEB_OPTIONS = {
  library,
  demo,
  port: { type: 'string', value: 'n', integer: { min: 0, max: 65535 }, help: 'listen on this port (default: a free one)' },
  'export-dir': { type: 'string', value: 'folder', help: 'where exports go (default: ~/Culture Book)' },
  'restore-newest-backup': { type: 'boolean', help: 'if the library cannot be opened, put its newest good backup in its place' },
} satisfies ShellOptions

/** `npm run serve`: the team server. */
export const SERVE_OPTIONS = {
  library,
  host: { type: 'string', value: 'address', help: 'listen on this address (default: 127.0.0.1; 0.0.0.0 for every interface)' },
  port: { type: 'string', value: 'n', integer: { min: 0, max: 65535 }, help: 'listen on this port (default: 8080)' },
  'public-url': {
    type: 'string',
    value: 'url',
    help: 'the address people open, e.g. https://books.example.com (default: http://<host>:<port>)',
  },
  'trust-proxy': { type: 'boolean', help: 'behind a reverse proxy: take the client address and host from X-Forwarded-For/-Host' },
  'insecure-http': { type: 'boolean', help: 'session cookie without Secure, for trying it over plain HTTP' },
  'create-admin': { type: 'string', value: 'email', help: 'create the first admin (password from stdin, or a one-time link), then exit' },
  'oidc-issuer': {
    type: 'string',
    value: 'url',
    help: 'single sign-on: the OpenID Connect issuer (with --oidc-client-id; the secret from OIDC_CLIENT_SECRET)',
  },
  'oidc-client-id': { type: 'string', value: 'id', help: 'single sign-on: the client id registered at the issuer' },
  'oidc-label': {
    type: 'string',
    value: 'text',
    help: "single sign-on: the button's name, 'Sign in with <text>' (default: the issuer's host)",
  },
  'export-dir': WEB_OPTIONS['export-dir'],
  'restore-newest-backup': WEB_OPTIONS['restore-newest-backup'],
} satisfies ShellOptions

/** The desktop app: Electron and Chromium add switches of their own, so unknown ones are let through. */
export const DESKTOP_OPTIONS = { library, demo } satisfies ShellOptions

/** `npm run book`: the yearly book without the GUI. */
export const BOOK_CLI_OPTIONS = {
  library,
  year: { type: 'string', value: 'year', integer: { min: 1900, max: 9999 }, help: 'the year of the book, e.g. 2026 (required)' },
  out: { type: 'string', value: 'file', help: 'the file to write (default: culture-book-<year>.pdf)' },
  format: { type: 'string', value: 'pdf|html', help: 'default: from the --out extension' },
  chromium: { type: 'string', value: 'path', help: 'the Chromium to print with (or set CHROMIUM_PATH)' },
  cover: { type: 'string', value: 'file', help: "also write the cover PDF (back, spine, front) for the printed book's pages" },
} satisfies ShellOptions

const HELP: ShellOption = { type: 'boolean', help: 'show this help' }

/**
 * Reads a shell's command line with node:util's parseArgs. Strict (the default): an unknown option,
 * a stray argument, a string option without its value or a boolean one with a value is refused,
 * with a sentence that names it. Lenient (the desktop app): options not ours and stray arguments
 * are ignored, but ours are still checked the same way.
 */
export function parseShellArgs<O extends ShellOptions>(argv: string[], options: O, { strict = true } = {}): ShellArgs<O> {
  const known: ShellOptions = { ...options, help: HELP }
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.entries(known).map(([name, o]) => [name, { type: o.type, ...(name === 'help' ? { short: 'h' } : {}) }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  const values: Record<string, string | number | true> = {}
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (strict) throw new CultureError('args.unexpected', { arg: token.value })
      continue
    }
    // Lenient: single-dash switches are someone else's (macOS's -psn_…), never a group of ours.
    if (token.kind !== 'option' || (!strict && !token.rawName.startsWith('--'))) continue
    const option = Object.hasOwn(known, token.name) ? known[token.name] : undefined
    if (!option) {
      if (strict) throw new CultureError('args.unknown', { flag: token.rawName })
      continue
    }
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new CultureError('args.noValueTaken', { flag: token.rawName })
      values[token.name] = true
      continue
    }
    // Lenient parsing takes the next argument whatever it is: `--library --demo` must not open "--demo".
    const missing = token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))
    if (missing) throw new CultureError('args.needsValue', { flag: token.rawName, value: option.value ?? 'value' })
    values[token.name] = option.integer ? wholeNumber(token.rawName, token.value!, option.integer) : token.value!
  }
  return values as ShellArgs<O>
}

function wholeNumber(flag: string, text: string, { min, max }: { min: number; max: number }): number {
  const n = Number(text)
  // Bounds as written, not grouped: a port is 65535, a year 9999.
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new CultureError('args.notWholeNumber', { flag, min: String(min), max: String(max), text })
  return n
}

/** The text `--help` prints: the command, then one line per option. */
export function shellUsage(command: string, options: ShellOptions): string {
  const rows = Object.entries({ ...options, help: HELP }).map(([name, o]) => [
    `--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`,
    o.help,
  ])
  const width = Math.max(...rows.map(([flag]) => flag.length))
  return [`Usage: ${command} [options]`, '', ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`)].join('\n')
}

/**
 * For a command-line shell (browser mode, the book command): the options; or, for --help, the
 * usage printed and exit 0; or, for a command line it does not take, the reason printed and exit 1.
 */
export function readCommandLine<O extends ShellOptions>(argv: string[], command: string, options: O): ShellArgs<O> {
  let args: ShellArgs<O>
  try {
    args = parseShellArgs(argv, options)
  } catch (err) {
    console.error((err as Error).message)
    process.exit(1)
  }
  if (args.help) {
    console.log(shellUsage(command, options))
    process.exit(0)
  }
  return args
}
