import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LocatedChromium } from '../../electron/core/book/chromium-locator'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { printedText } from './pdf-file'

const ROOT = resolve(import.meta.dirname, '../..')

function locateIn(tmp: string): Promise<LocatedChromium> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/e2e/locate-chromium.child.ts')], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out) as LocatedChromium) : fail(new Error(`exit ${code}: ${err}`))))
  })
}

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('the bundled Chromium', () => {
  it('unpacks once for processes that all ask for it first at the same time, and each gets one that prints', async () => {
    // An empty temp folder, as on a machine that never unpacked it: the package unpacks into $TMPDIR.
    const tmp = mkdtempSync(join(tmpdir(), 'culture-book-unpack-'))
    try {
      // All settle before the folder goes, even when one fails.
      const settled = await Promise.allSettled([locateIn(tmp), locateIn(tmp), locateIn(tmp)])
      const found = settled.map((s) => {
        if (s.status === 'rejected') throw s.reason
        return s.value
      })
      expect(new Set(found.map((f) => f.executablePath))).toEqual(new Set([join(tmp, 'chromium')]))
      for (const f of found) expect(f.description).toMatch(/^the bundled Chromium \d+[\d.]* \(@sparticuz\/chromium\) at /)
      const html = '<!doctype html><p>Printed by the freshly unpacked Chromium</p>'
      expect(await printedText(chromiumPrinter(found[0]), html, join(tmp, 'proof.pdf'))).toContain(
        'Printed by the freshly unpacked Chromium',
      )
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  }, 240_000)
})
