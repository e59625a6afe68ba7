import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { locateChromium } from '../../electron/core/book/chromium-locator'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { namedDestinationPages } from '../../electron/core/book/pdf-destinations'
import { CultureError } from '../../electron/core/errors'
import { printedText } from '../e2e/pdf-file'
import { tempDir } from './temp-library'

/** A file named like a browser in a folder of its own; the locator only needs it to exist. */
function fakeBrowser(name: string): { dir: string; path: string } {
  const dir = join(tempDir(), 'bin')
  mkdirSync(dir)
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\n')
  chmodSync(path, 0o755)
  return { dir, path }
}

const linuxX64 = process.platform === 'linux' && process.arch === 'x64'

describe('finding a Chromium', () => {
  it('takes --chromium first, then CHROMIUM_PATH, then a chromium on PATH', async () => {
    const onPath = fakeBrowser('chromium')
    const fromEnv = fakeBrowser('google-chrome')
    const given = fakeBrowser('my-chrome')
    const env = { PATH: onPath.dir, CHROMIUM_PATH: fromEnv.path }
    expect((await locateChromium({ configured: given.path, env })).executablePath).toBe(given.path)
    expect(await locateChromium({ env })).toEqual({
      executablePath: fromEnv.path,
      description: `the Chromium at ${fromEnv.path} (from CHROMIUM_PATH)`,
    })
    expect(await locateChromium({ env: { PATH: onPath.dir } })).toEqual({
      executablePath: onPath.path,
      description: `the system's Chromium at ${onPath.path}`,
    })
  })

  it('names a CHROMIUM_PATH or --chromium that does not exist instead of looking elsewhere', async () => {
    const onPath = fakeBrowser('chromium')
    const err = await locateChromium({ env: { PATH: onPath.dir, CHROMIUM_PATH: '/nowhere/chromium' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CultureError)
    expect((err as CultureError).message).toContain('Chromium was not found at "/nowhere/chromium"')
    const flag = await locateChromium({ configured: '/nowhere/chrome', env: { PATH: onPath.dir } }).catch((e: Error) => e.message)
    expect(flag).toContain('Chromium was not found at "/nowhere/chrome"')
  })

  it('finds Chrome in the usual macOS and Windows install folders', async () => {
    const home = tempDir()
    const mac = join(home, 'Applications/Google Chrome.app/Contents/MacOS')
    mkdirSync(mac, { recursive: true })
    writeFileSync(join(mac, 'Google Chrome'), '')
    expect((await locateChromium({ env: { PATH: '', HOME: home }, platform: 'darwin', arch: 'arm64' })).executablePath).toBe(
      join(mac, 'Google Chrome'),
    )
    const programs = tempDir()
    const win = join(programs, 'Google/Chrome/Application')
    mkdirSync(win, { recursive: true })
    writeFileSync(join(win, 'chrome.exe'), '')
    expect((await locateChromium({ env: { PATH: '', PROGRAMFILES: programs }, platform: 'win32', arch: 'x64' })).executablePath).toBe(
      join(win, 'chrome.exe'),
    )
  })

  it('says the bundled Chromium is for Linux x64 only where nothing else is found', async () => {
    const err = await locateChromium({ env: { PATH: '' }, platform: 'darwin', arch: 'arm64' }).catch((e: Error) => e.message)
    expect(err).toMatch(
      /No Chrome or Chromium was found, and the bundled one runs on Linux x64 only \(this is darwin arm64\)\. Install Chrome or Chromium, or set CHROMIUM_PATH/,
    )
    const forced = await locateChromium({ env: { CULTURE_CHROMIUM: 'bundled' }, platform: 'linux', arch: 'arm64' }).catch(
      (e: Error) => e.message,
    )
    expect(forced).toMatch(/^CULTURE_CHROMIUM=bundled asks for the bundled Chromium, and the bundled one runs on Linux x64 only/)
    const unknown = await locateChromium({ env: { CULTURE_CHROMIUM: 'yes' } }).catch((e: Error) => e.message)
    expect(unknown).toBe('CULTURE_CHROMIUM must be "bundled" or unset, not "yes".')
  })

  it.runIf(linuxX64)(
    'falls back to the bundled Chromium, and CULTURE_CHROMIUM=bundled prefers it to CHROMIUM_PATH and PATH',
    async () => {
      const onPath = fakeBrowser('chromium')
      const bare = await locateChromium({ env: { PATH: '' } })
      expect(bare.description).toMatch(/^the bundled Chromium 1\d\d\.[\d.]+ \(@sparticuz\/chromium\) at \//)
      const forced = await locateChromium({ env: { PATH: onPath.dir, CHROMIUM_PATH: onPath.path, CULTURE_CHROMIUM: 'bundled' } })
      expect(forced).toEqual(bare)
      // --chromium is the caller's own choice and still wins.
      expect((await locateChromium({ configured: onPath.path, env: { CULTURE_CHROMIUM: 'bundled' } })).executablePath).toBe(onPath.path)
    },
    180_000,
  )

  it.runIf(linuxX64)(
    'prints a PDF with the bundled Chromium on a machine without one',
    async () => {
      const bundled = await locateChromium({ env: { PATH: '' } })
      const session = await chromiumPrinter(bundled).open(
        '<!doctype html><p><a href="#here">link</a></p><h1 id="here">Here</h1>',
        () => null,
      )
      try {
        expect([...(await namedDestinationPages(await session.print())).entries()]).toEqual([['here', 1]])
      } finally {
        await session.close()
      }
    },
    180_000,
  )

  it.runIf(linuxX64)(
    'prints text with the bundled Chromium on a machine without any font',
    async () => {
      // A fontconfig that knows no font: without fonts of its own Chromium draws no text at all.
      const noFonts = join(tempDir(), 'fonts.conf')
      writeFileSync(noFonts, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n')
      const bundled = await locateChromium({ env: { PATH: '', FONTCONFIG_FILE: noFonts } })
      // The font configuration written for this one-off system configuration goes with the test.
      onTestFinished(() => rmSync(bundled.env!.FONTCONFIG_FILE, { force: true }))
      const html = '<!doctype html><p style="font-family: sans-serif">Text on a bare machine</p>'
      expect(await printedText(chromiumPrinter(bundled), html, join(tempDir(), 'bare.pdf'))).toContain('Text on a bare machine')
    },
    180_000,
  )

  it('says which Chromium was used when printing fails', async () => {
    const broken = fakeBrowser('chromium')
    writeFileSync(broken.path, '#!/bin/sh\necho "this is no browser" >&2\nexit 3\n')
    const err = await chromiumPrinter({ executablePath: broken.path, description: `the system's Chromium at ${broken.path}` })
      .open('<p>x</p>', () => null)
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CultureError)
    expect((err as CultureError).message).toMatch(new RegExp(`^Printing with the system's Chromium at ${broken.path} failed: `))
    expect((err as CultureError).message).not.toContain('\n')
  })
})
