import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { csvWriterInWorker } from '../../electron/core/exchange/csv-write-thread'
import { nextTurn } from '../../electron/core/exchange/slices'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import { countRows, storyInput, tempDir } from './temp-library'

/** The worker from its TypeScript source (startWorker runs it under tsx). */
const WORKER = resolve('electron/core/exchange/csv-write-worker.ts')

const opened: CultureCore[] = []
afterEach(() => {
  while (opened.length) opened.pop()!.close()
})

function coreWithWorker(): { core: CultureCore } {
  const core = openCore(join(tempDir(), 'library.sqlite'), { csvWriteWorker: WORKER, rebuildSearch: () => new Promise(() => {}) })
  opened.push(core)
  return { core }
}

describe("a CSV import's write in a worker thread", () => {
  it('answers other calls during the write, which see none of the rows until all are committed', async () => {
    const { core } = coreWithWorker()
    const call = async <T>(method: string, input: unknown = {}) => {
      const res = (await createDispatch(core)(method, input)) as ApiResponse<T>
      if (!res.ok) throw new Error(JSON.stringify(res.error))
      return res.value
    }
    const lines = ['Title,Story,Name,Date,Values']
    for (let i = 0; i < 20_000; i++) lines.push(`Story ${i},Body ${i} told.,Writer,2025-01-01,Be humble`)
    const preview = core.csv.preview(Buffer.from(lines.join('\n')).toString('base64'))
    let job = await call<JobState>('exchange.csvImport', {
      previewId: preview.previewId,
      mapping: { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 },
      defaultStatus: 'draft',
    })
    const seenWhileWriting: number[] = []
    while (job.state === 'running') {
      await nextTurn()
      job = await call<JobState>('jobs.get', { id: job.id })
      if (job.state === 'running' && job.phase === 'write') {
        seenWhileWriting.push((await call<{ total: number }>('stories.list', { limit: 1 })).total)
      }
    }
    expect(job).toMatchObject({ state: 'done', result: { ok: 20_000, updated: 0, problems: [] } })
    // Answered while the worker wrote: none of the rows before the commit, then all of them, never some.
    expect(seenWhileWriting).toContain(0)
    expect(seenWhileWriting.every((total) => total === 0 || total === 20_000)).toBe(true)
    expect(countRows(core, 'stories')).toBe(20_000)
  }, 120_000)

  it("names the importing account (a team server's curator) as author, with the import's audit entry, in its transaction", async () => {
    const { core } = coreWithWorker()
    const curator = openAccounts(core.db).users.create(
      { email: 'cid@example.com', displayName: 'Cid', passwordHash: null, roles: ['curator'] },
      null,
    )
    const fields = storyFields.parse(storyInput(core))
    const write = csvWriterInWorker(WORKER, core.libraryPath)
    const written = await write([{ row: 2, id: null, base: null, fields, status: 'draft', revision: null }], curator.id)
    expect(core.db.prepare('SELECT created_by FROM stories WHERE id = ?').pluck().get(written.ids[0])).toBe(curator.id)
    const entry = core.db.prepare("SELECT user_id, detail FROM audit_log WHERE action = 'csv.imported'").all()
    expect(entry).toEqual([{ user_id: curator.id, detail: JSON.stringify({ created: 1, updated: 0 }) }])
  }, 60_000)

  it('writes nothing when one row fails, and passes on the error as thrown', async () => {
    const { core } = coreWithWorker()
    const fields = storyFields.parse(storyInput(core))
    const row = (valueIds: string[]) => ({
      row: 2,
      id: null,
      base: null,
      fields: { ...fields, valueIds },
      status: 'draft' as const,
      revision: null,
    })
    const write = csvWriterInWorker(WORKER, core.libraryPath)
    const missing = randomUUID()
    await expect(write([row(fields.valueIds), row([missing])])).rejects.toMatchObject({ code: 'value.unknown', params: { id: missing } })
    expect(countRows(core, 'stories')).toBe(0)
  }, 60_000)

  it('tells a save that could not wait for the writer plainly, and changes nothing', async () => {
    const { core } = coreWithWorker()
    // What the writer thread does for the length of its transaction: hold the library's write lock.
    const writer = new Database(core.libraryPath)
    writer.prepare('BEGIN IMMEDIATE').run()
    core.db.pragma('busy_timeout = 50')
    try {
      const res = await createDispatch(core)('stories.create', { fields: storyInput(core), status: 'draft' })
      expect(res).toMatchObject({ ok: false, error: { code: 'storage.busy', kind: 'in_use' } })
      expect(res.ok || res.error.message).toMatch(/busy saving something big .* Nothing was changed/)
    } finally {
      writer.prepare('ROLLBACK').run()
      writer.close()
    }
    expect(countRows(core, 'stories')).toBe(0)
  })
})
