import { afterEach, describe, expect, it, vi } from 'vitest'
import { CultureError } from '../../electron/core/errors'
import {
  BOOK_CLI_OPTIONS,
  DESKTOP_OPTIONS,
  parseShellArgs,
  readCommandLine,
  shellUsage,
  WEB_OPTIONS,
  type ShellOptions,
} from '../../electron/core/shell-args'
import { thrown } from './temp-library'

const refusal = (argv: string[], options: ShellOptions = WEB_OPTIONS) => thrown<CultureError>(() => parseShellArgs(argv, options))

describe('the command line of every shell (issue 10, section 3)', () => {
  it('reads browser mode’s options, with a value after the flag or after =', () => {
    expect(
      parseShellArgs(['--library', '/a.sqlite', '--port', '8080', '--export-dir=/out', '--restore-newest-backup'], WEB_OPTIONS),
    ).toEqual({
      library: '/a.sqlite',
      port: 8080,
      'export-dir': '/out',
      'restore-newest-backup': true,
    })
    expect(parseShellArgs(['--demo', '--library=/b.sqlite'], WEB_OPTIONS)).toEqual({ demo: true, library: '/b.sqlite' })
    expect(parseShellArgs([], WEB_OPTIONS)).toEqual({})
    // A path that starts with a dash can still be given, after =.
    expect(parseShellArgs(['--library=-odd.sqlite'], WEB_OPTIONS)).toEqual({ library: '-odd.sqlite' })
  })

  it('reads the book command’s options, the year as a number', () => {
    expect(parseShellArgs(['--year', '2026', '--out', 'b.html', '--format', 'html', '--chromium', '/c'], BOOK_CLI_OPTIONS)).toEqual({
      year: 2026,
      out: 'b.html',
      format: 'html',
      chromium: '/c',
    })
  })

  it.each([
    ['an unknown option', ['--demo', '--colour', 'red'], /^Unknown option --colour\. Run with --help/],
    ['a misspelt one', ['--export_dir', '/x'], /^Unknown option --export_dir\./],
    ['an unknown short option', ['-x'], /^Unknown option -x\./],
    ['a stray argument', ['library.sqlite'], /^Unexpected argument “library\.sqlite”\./],
    ['a flag without its value at the end', ['--port'], /^--port needs a value: --port <n>\./],
    ['a flag followed by another flag', ['--export-dir', '--demo'], /^--export-dir needs a value: --export-dir <folder>\./],
    ['an empty value', ['--library='], /^--library needs a value: --library <file>\./],
    ['a value for a switch', ['--demo=yes'], /^--demo takes no value\./],
    ['a port that is not a number', ['--port', 'eighty'], /^--port must be a whole number from 0 to 65535, not “eighty”\./],
    ['a port out of range', ['--port=70000'], /^--port must be a whole number from 0 to 65535, not “70000”\./],
    ['a negative port', ['--port', '-1'], /^--port needs a value/],
  ])('refuses %s, naming it', (_name, argv, message) => {
    const err = refusal(argv)
    expect(err).toBeInstanceOf(CultureError)
    expect(err.message).toMatch(message)
  })

  it('refuses a year that is not one, for the book command', () => {
    expect(refusal(['--year', '26.5'], BOOK_CLI_OPTIONS).message).toMatch(/^--year must be a whole number from 1900 to 9999, not “26\.5”\./)
    expect(refusal(['--year'], BOOK_CLI_OPTIONS).message).toMatch(/^--year needs a value: --year <year>\./)
  })

  it('answers --help and -h in every shell', () => {
    for (const options of [WEB_OPTIONS, BOOK_CLI_OPTIONS, DESKTOP_OPTIONS]) {
      expect(parseShellArgs(['--help'], options)).toEqual({ help: true })
      expect(parseShellArgs(['-h'], options)).toEqual({ help: true })
    }
    const usage = shellUsage('npm run web --', WEB_OPTIONS)
    expect(usage.split('\n')[0]).toBe('Usage: npm run web -- [options]')
    for (const line of ['--library <file>', '--demo', '--port <n>', '--export-dir <folder>', '--restore-newest-backup', '--help']) {
      expect(usage).toContain(`  ${line} `)
    }
    expect(usage).toContain('CULTUREBOOK_LIBRARY')
  })

  it('lets the desktop app ignore Electron’s and Chromium’s own switches, but still checks its own', () => {
    const argv = ['.', '--no-sandbox', '--remote-debugging-port=9222', '-psn_0_12345', '--inspect', '--library', '/lib.sqlite', '--demo']
    expect(parseShellArgs(argv, DESKTOP_OPTIONS, { strict: false })).toEqual({ library: '/lib.sqlite', demo: true })
    // -psn_… is a group of single letters to parseArgs, among them an h: not a request for help.
    expect(parseShellArgs(['-psn_0_h'], DESKTOP_OPTIONS, { strict: false })).toEqual({})
    expect(thrown<CultureError>(() => parseShellArgs(['--library', '--demo'], DESKTOP_OPTIONS, { strict: false })).message).toMatch(
      /^--library needs a value: --library <file>\./,
    )
    expect(thrown<CultureError>(() => parseShellArgs(['--demo=1'], DESKTOP_OPTIONS, { strict: false })).message).toMatch(
      /^--demo takes no value\./,
    )
  })
})

describe('a command-line shell’s start', () => {
  afterEach(() => vi.restoreAllMocks())

  /** process.exit stopped where it is called, so the test sees the exit code and what was printed. */
  function run(argv: string[]) {
    const printed: string[] = []
    vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(`out: ${text}`))
    vi.spyOn(console, 'error').mockImplementation((text: string) => void printed.push(`err: ${text}`))
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`)
    })
    try {
      return { args: readCommandLine(argv, 'npm run book --', BOOK_CLI_OPTIONS), printed }
    } catch (err) {
      return { exit: (err as Error).message, printed }
    }
  }

  it('prints the reason and exits 1 for a command line it does not take', () => {
    expect(run(['--year', '2026', '--yaer', '2025'])).toEqual({
      exit: 'exit 1',
      printed: ['err: Unknown option --yaer. Run with --help to see the options.'],
    })
  })

  it('prints the usage and exits 0 for --help', () => {
    const { exit, printed } = run(['--help'])
    expect(exit).toBe('exit 0')
    expect(printed).toEqual([`out: ${shellUsage('npm run book --', BOOK_CLI_OPTIONS)}`])
  })

  it('hands the options on otherwise', () => {
    expect(run(['--year', '2026'])).toEqual({ args: { year: 2026 }, printed: [] })
  })
})
