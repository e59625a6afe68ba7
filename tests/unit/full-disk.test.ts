import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFileAtomically } from '../../electron/core/book/atomic-file'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { CultureError } from '../../electron/core/errors'
import { backupDir, takeBackup } from '../../electron/core/library/backups'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from './temp-library'

/** A real full disk: a small tmpfs, mounted for the test (this needs root, as CI and this machine have). */
const mountPoint = join(tmpdir(), `culture-book-full-${process.pid}`)
let mounted = false
try {
  mkdirSync(mountPoint, { recursive: true })
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1536k', 'tmpfs', mountPoint], { stdio: 'ignore' })
  mounted = true
} catch {
  // Not root, or no tmpfs here: the tests below are skipped.
}

describe.skipIf(!mounted)('a full disk', () => {
  let core: CultureCore
  const library = join(mountPoint, 'library.sqlite')

  beforeAll(() => {
    core = openCore(library)
    for (let i = 0; i < 5; i++) core.stories.create(storyFields.parse(storyInput(core, { title: `Story ${i}` })), 'draft')
    // Fill what is left, so the next big write fails.
    const free = statfsSync(mountPoint).bavail * statfsSync(mountPoint).bsize
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, free - 8 * 1024)))
  })

  afterAll(() => {
    core?.close()
    execFileSync('umount', [mountPoint], { stdio: 'ignore' })
    rmSync(mountPoint, { recursive: true, force: true })
  })

  it('fails a backup with a clear message, leaves no partial file, and keeps the library intact', async () => {
    const err = await takeBackup(core.db, library, 'manual').catch((e) => e)
    expect(err).toBeInstanceOf(CultureError)
    expect(err.message).toMatch(/The backup could not be written \(.*\)\. The library itself is unchanged\./)
    expect(readdirSync(backupDir(library)).filter((f) => f.endsWith('.partial'))).toEqual([])
    const check = new Database(library, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    expect((check.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n).toBe(5)
    check.close()
  })

  it('fails an export with a clear message and leaves nothing behind', () => {
    const out = join(mountPoint, 'book.pdf')
    expect(() => writeFileAtomically(out, Buffer.alloc(64 * 1024, 1))).toThrow(
      /Writing ".*book.pdf" failed \(the disk is full\)\. Nothing was left behind\./,
    )
    expect(readdirSync(mountPoint).filter((f) => f.includes('book.pdf'))).toEqual([])
  })

  it('names the full disk when a story cannot be saved, instead of "Something went wrong"', async () => {
    const result = await createDispatch(core)('stories.create', {
      fields: storyInput(core, { title: 'Too big', body: 'word '.repeat(70_000) }),
    })
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'library',
        code: 'storage.diskFull',
        params: { path: library },
        message: `The disk that holds "${library}" is full. Free some space, then try again. Nothing was changed.`,
        issues: [],
      },
    })
    expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 10 }).total).toBe(5)
  })

  it('names the full disk when a background job fails on it, instead of its raw message', async () => {
    const job = core.jobs.start('export', async () => writeFileSync(join(mountPoint, 'export.csv'), Buffer.alloc(256 * 1024, 1)))
    while (core.jobs.get(job.id).state === 'running') await new Promise((r) => setTimeout(r, 5))
    expect(core.jobs.get(job.id)).toMatchObject({
      state: 'failed',
      error: { code: 'storage.diskFull', message: expect.stringMatching(/^The disk that holds ".*" is full\. Free some space/) },
    })
    rmSync(join(mountPoint, 'export.csv'), { force: true })
  })
})
