import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { seededRandom } from '../bench/search-corpus'

const ROOT = resolve(import.meta.dirname, '../..')

const BATCH = 1500

/** Runs the writer until a random moment, kills it with SIGKILL, and returns what it acknowledged. */
function writeAndKill(
  library: string,
  seed: number,
  afterMs: number,
  mode: 'edits' | 'imports' = 'edits',
): Promise<{ acked: Map<string, number>; imported: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/crash/crash-writer.ts'), library, String(seed), mode], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acked = new Map<string, number>()
    let imported = 0
    let killing: NodeJS.Timeout | undefined
    let buffer = ''
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (chunk) => {
      buffer += chunk
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) {
        // The clock starts at the first acknowledgement, not at 'ready': on a loaded machine the first
        // write could take longer than the shortest wait, and a run that wrote nothing tests nothing.
        if (/^ack/.test(line) && !killing) killing = setTimeout(() => child.kill('SIGKILL'), afterMs)
        const m = /^ack (\S+) (\d+)$/.exec(line)
        if (m) acked.set(m[1], Number(m[2]))
        const batch = /^ack-import (\d+)$/.exec(line)
        if (batch) imported += Number(batch[1])
      }
    })
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer stopped by itself: ${stderr}`))
      else resolvePromise({ acked, imported })
    })
  })
}

describe('crash safety', () => {
  it('loses no acknowledged write across 20 SIGKILLs at random moments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'culture-book-crash-'))
    const library = join(dir, 'library.sqlite')
    openCore(library).close()
    const random = seededRandom(20261129)
    const everAcked = new Set<string>()
    try {
      for (let kill = 0; kill < 20; kill++) {
        const { acked } = await writeAndKill(library, kill + 1, 20 + Math.floor(random() * 400))
        for (const id of acked.keys()) everAcked.add(id)

        // Straight after the kill: the file is sound, and every acknowledged write is there.
        const db = new Database(library)
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        expect(acked.size).toBeGreaterThan(0)
        for (const id of everAcked.keys()) {
          const row = db.prepare('SELECT title FROM stories WHERE id = ?').get(id) as { title: string } | undefined
          expect(row, `story ${id}`).toBeDefined()
          // Writes are numbered per run, so compare within this run's acknowledgements only.
          if (acked.has(id)) expect(Number(row!.title.replace('write ', ''))).toBeGreaterThanOrEqual(acked.get(id)!)
        }
        db.close()
      }
      expect(everAcked.size).toBeGreaterThan(20)
      // And the app still opens it normally.
      const core = openCore(library)
      expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1 }).total).toBeGreaterThanOrEqual(everAcked.size)
      core.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it('keeps every acknowledged import whole, and no half import, across 6 SIGKILLs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'culture-book-crash-import-'))
    const library = join(dir, 'library.sqlite')
    openCore(library).close()
    const random = seededRandom(7)
    const count = () => {
      const db = new Database(library)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const n = (db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n
      db.close()
      return n
    }
    try {
      let before = 0
      for (let kill = 0; kill < 6; kill++) {
        const { imported } = await writeAndKill(library, kill + 100, 300 + Math.floor(random() * 2500), 'imports')
        const after = count()
        // Everything acknowledged is there; at most one more whole batch committed just before the kill.
        expect(after - before - imported === 0 || after - before - imported === BATCH, `${after} - ${before} - ${imported}`).toBe(true)
        before = after
      }
      expect(before).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
