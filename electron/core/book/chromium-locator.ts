import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CultureError } from '../errors'

/**
 * The one place that decides which Chromium prints books and drives the end-to-end tests (browser
 * mode, the book command line, the tests; the desktop app prints with Electron instead):
 *   1. the path the caller was given (`--chromium`), then CHROMIUM_PATH;
 *   2. a Chrome or Chromium on this system (PATH, then the usual install folders);
 *   3. the Chromium inside the npm package @sparticuz/chromium (Linux x64 only), unpacked on first use.
 * CULTURE_CHROMIUM=bundled skips 1 (except `--chromium`) and 2, so CI proves the fallback works.
 */
export interface LocatedChromium {
  executablePath: string
  /** Which Chromium this is, for messages: "the bundled Chromium 143.0.7499.0 (@sparticuz/chromium) at /tmp/chromium". */
  description: string
  /** Environment the browser needs on top of this process's (the bundled one: its fonts). */
  env?: Record<string, string>
}

/** The environment to start a located Chromium with: this process's, plus what that Chromium needs. */
export function chromiumEnv(located: LocatedChromium): Record<string, string> {
  const inherited = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)
  return { ...Object.fromEntries(inherited), ...located.env }
}

/** Flags for a headless Chromium that talks to nothing but the page it is given. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

function installFolders(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', join(env.HOME ?? '', 'Applications')]
    return apps.flatMap((dir) => [
      join(dir, 'Google Chrome.app/Contents/MacOS/Google Chrome'),
      join(dir, 'Chromium.app/Contents/MacOS/Chromium'),
    ])
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r)
    return roots.flatMap((root) => [join(root, 'Google/Chrome/Application/chrome.exe'), join(root, 'Chromium/Application/chrome.exe')])
  }
  return []
}

function systemChromium(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  const exe = platform === 'win32' ? '.exe' : ''
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => PATH_NAMES.map((name) => join(dir, name + exe)))
  return [...onPath, ...installFolders(env, platform)].find((path) => existsSync(path)) ?? null
}

export const BUNDLED_PLATFORM = 'Linux x64'
const bundledRunsHere = (platform: NodeJS.Platform, arch: string) => platform === 'linux' && arch === 'x64'

/** `--chromium`, CHROMIUM_PATH, the system, the bundled one: see the module comment. */
export async function locateChromium(
  options: { configured?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; arch?: string } = {},
): Promise<LocatedChromium> {
  const { configured, env = process.env, platform = process.platform, arch = process.arch } = options
  const mode = env.CULTURE_CHROMIUM ?? ''
  if (mode !== '' && mode !== 'bundled') {
    throw new CultureError('chromium.badMode', { mode })
  }
  const given = [
    { path: configured, via: '--chromium' },
    { path: mode === 'bundled' ? undefined : env.CHROMIUM_PATH, via: 'CHROMIUM_PATH' },
  ].find((g) => !!g.path)
  if (given) {
    if (existsSync(given.path!)) return { executablePath: given.path!, description: `the Chromium at ${given.path} (from ${given.via})` }
    throw new CultureError('chromium.notFoundAt', { path: given.path! })
  }
  if (mode !== 'bundled') {
    const system = systemChromium(env, platform)
    if (system) return { executablePath: system, description: `the system's Chromium at ${system}` }
  }
  if (!bundledRunsHere(platform, arch)) {
    const here = { supported: BUNDLED_PLATFORM, platform, arch }
    throw new CultureError(mode === 'bundled' ? 'chromium.bundledNotHere' : 'chromium.noneHere', here)
  }
  return bundledChromium(env)
}

let unpacked: Promise<{ path: string; version: string }> | undefined

/**
 * The bundled Chromium, with a font configuration of its own: Chromium draws no text at all, not
 * even web fonts, where fontconfig knows no font (a bare machine), so it gets this machine's fonts
 * if any, then the Open Sans the package ships.
 */
async function bundledChromium(env: NodeJS.ProcessEnv): Promise<LocatedChromium> {
  // Unpacked once per process; a failed attempt is forgotten so the next call tries again.
  unpacked ??= unpackBundled().catch((err: unknown) => {
    unpacked = undefined
    throw err
  })
  const { path, version } = await unpacked
  return {
    executablePath: path,
    description: `the bundled ${version} (@sparticuz/chromium) at ${path}`,
    env: { FONTCONFIG_FILE: bundledFontConfig(dirname(path), env.FONTCONFIG_FILE ?? '/etc/fonts/fonts.conf') },
  }
}

async function unpackBundled(): Promise<{ path: string; version: string }> {
  const { default: Chromium } = await import('@sparticuz/chromium')
  // The package unpacks to the temp folder, and takes an existing file there as done: another
  // process may still be writing it. Linux refuses to run a file open for writing (ETXTBSY), so run
  // it until it starts.
  const path = await Chromium.executablePath()
  const deadline = Date.now() + 180_000
  for (;;) {
    const run = await runVersion(path)
    if (run.ok) return { path, version: run.version }
    if (run.code !== 'ETXTBSY' || Date.now() > deadline) {
      throw new CultureError('chromium.bundledBroken', { path, reason: run.reason })
    }
    await sleep(250)
  }
}

/**
 * Writes (once; its name is its content's hash) a fontconfig file beside the unpacked fonts: the
 * machine's own configuration where there is one, then the package's fonts folder (unpacked with
 * the binary, into `<temp>/fonts`). Written under a temporary name and renamed, so a process
 * reading it never sees half of it.
 */
function bundledFontConfig(unpackedIn: string, systemConfig: string): string {
  const fonts = join(unpackedIn, 'fonts')
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${escapeXml(systemConfig)}</include>
  <dir>${escapeXml(fonts)}</dir>
  <cachedir>${escapeXml(join(unpackedIn, 'fonts-cache'))}</cachedir>
</fontconfig>
`
  const file = join(fonts, `culture-book-${createHash('sha256').update(xml).digest('hex').slice(0, 12)}.conf`)
  if (!existsSync(file)) {
    mkdirSync(fonts, { recursive: true })
    const partial = `${file}.${process.pid}.partial`
    writeFileSync(partial, xml)
    renameSync(partial, file)
  }
  return file
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** `chromium --version`: proves the file is whole and its libraries are there, and names the version. */
function runVersion(path: string): Promise<{ ok: true; version: string } | { ok: false; code?: string; reason: string }> {
  return new Promise((done) => {
    let stdout = ''
    let stderr = ''
    let child
    try {
      child = spawn(path, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err) {
      // Linux says ETXTBSY at once, from spawn itself, for a file still open for writing.
      const { code, message } = err as NodeJS.ErrnoException
      return done({ ok: false, code, reason: message })
    }
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, code: err.code, reason: err.message }))
    child.on('close', (code, signal) =>
      done(
        code === 0
          ? { ok: true, version: stdout.trim() || 'Chromium' }
          : { ok: false, reason: stderr.trim().split('\n')[0] || `it exited with ${signal ?? code}` },
      ),
    )
  })
}
