import { openSync, readFileSync, readdirSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import type { CultureError } from '../../electron/core/errors'
import { takeBackup } from '../../electron/core/library/backups'
import { checkLibraryFile } from '../../electron/core/library/library-check'
import { RecoverableLibraryError } from '../../electron/core/library/open-library'
import { openWithRecovery } from '../../electron/core/library/open-with-recovery'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempDir, thrown } from './temp-library'

// The worker from its TypeScript source (startWorker runs it under tsx).
const WORKER = resolve(import.meta.dirname, '../../electron/core/library/library-worker.ts')
const check = (file: string) => checkLibraryFile(WORKER, file)

/** A closed library of 40 stories with long bodies (many pages), and a backup of it. */
async function libraryWithBackup() {
  const file = join(tempDir(), 'library.sqlite')
  const core = openCore(file)
  for (let i = 0; i < 40; i++) {
    core.stories.create(
      storyFields.parse(storyInput(core, { title: `Story ${i}`, body: `A long night at the depot. `.repeat(300) })),
      'draft',
    )
  }
  const backup = await takeBackup(core.db, file, 'manual')
  core.close()
  return { file, backup }
}

/** Overwrites a page in the middle of the file: the header and schema still read, quick_check does not pass. */
function damagePage(file: string): void {
  const pageSize = readFileSync(file).readUInt16BE(16)
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, pageSize * 6)
  closeSync(fd)
}

const damagedCopies = (file: string) => readdirSync(dirname(file)).filter((f) => /^library\.sqlite\.damaged-[^-]+$/.test(f))

describe("a library's integrity check in a worker thread", () => {
  it('passes a sound library, which then opens without checking again', async () => {
    const { file } = await libraryWithBackup()
    const checked = await check(file)
    expect(checked?.result).toBe('ok')
    const core = openCore(file, { checked })
    expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 50 }).total).toBe(40)
    core.close()
  }, 30_000)

  it('reports a damaged library as the check on the main thread does: the same error, the newest backup offered', async () => {
    const { file, backup } = await libraryWithBackup()
    damagePage(file)
    const damaged = readFileSync(file)
    const checked = await check(file)
    expect(checked?.result).not.toBe('ok')

    const here = thrown<CultureError>(() => openCore(file).close())
    const viaWorker = thrown<CultureError>(() => openCore(file, { checked }).close())
    expect(viaWorker).toBeInstanceOf(RecoverableLibraryError)
    expect(viaWorker.code).toBe('library.damaged')
    expect(viaWorker.message).toBe(here.message)
    expect(viaWorker.message).toContain(backup.name)

    // As the shells open it: the backup takes its place and the damaged file is kept beside it.
    const asked: string[] = []
    const { core, restored } = openWithRecovery(file, (p) => openCore(p, { checked }), {
      restoreNewest: (problem) => asked.push(problem.message) > 0,
    })
    expect(asked).toEqual([here.message])
    expect(restored?.name).toBe(backup.name)
    expect(readFileSync(join(dirname(file), damagedCopies(file)[0])).equals(damaged)).toBe(true)
    expect(core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 50 }).total).toBe(40)
    core.close()
  }, 30_000)

  it("is the file's answer only while the file is unchanged: a library damaged after its check is still refused", async () => {
    const { file } = await libraryWithBackup()
    const checked = await check(file)
    expect(checked?.result).toBe('ok')
    damagePage(file)
    expect(thrown(() => openCore(file, { checked }).close())).toBeInstanceOf(RecoverableLibraryError)
  }, 30_000)

  it("is used as the check's answer while the file is unchanged", async () => {
    const { file } = await libraryWithBackup()
    const checked = await check(file)
    const err = thrown<CultureError>(() => openCore(file, { checked: { ...checked!, result: 'row 7 missing from index x' } }).close())
    expect(err.code).toBe('library.damaged')
    expect(err.message).toContain('row 7 missing from index x')
  }, 30_000)

  it('leaves a missing, empty or foreign file to the opening itself, which says what is wrong as before', async () => {
    const dir = tempDir()
    expect(await check(join(dir, 'missing.sqlite'))).toBeNull()
    writeFileSync(join(dir, 'empty.sqlite'), '')
    expect(await check(join(dir, 'empty.sqlite'))).toBeNull()
    const text = join(dir, 'notes.sqlite')
    writeFileSync(text, 'just some notes, not a database at all '.repeat(200))
    const checked = await check(text)
    expect(checked).toBeNull()
    expect(thrown<CultureError>(() => openCore(text, { checked }).close()).code).toBe('library.notSqlite')
  }, 30_000)
})
