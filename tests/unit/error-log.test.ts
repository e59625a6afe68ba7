import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { CultureError } from '../../electron/core/errors'
import { JobRunner } from '../../electron/core/jobs/job-runner'
import { ChangeFeed } from '../../electron/core/library/change-feed'
import { logFolder, openLogFile } from '../../electron/core/log-file'
import { memoryLogger } from './memory-logger'
import { tempCore, tempDir } from './temp-library'

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('the log file', () => {
  it('gets an unexpected failure in full, once, under the reference id the person is shown', async () => {
    const userData = tempDir()
    const log = await openLogFile(userData, 'browser')
    const core = tempCore()
    const dispatch = createDispatch(core, log)
    core.close()
    const reply = await dispatch('values.list', {})
    log.close()
    if (reply.ok) throw new Error('expected a failure')
    expect(reply.error).toMatchObject({ kind: 'internal', code: 'internal.unexpected', ref: expect.stringMatching(/^[0-9a-f]{8}$/) })
    expect(reply.error.message).toBe(`Something went wrong inside Culture Book. Nothing was changed. (Reference ${reply.error.ref})`)
    expect(log.file.startsWith(join(logFolder(userData), 'browser.'))).toBe(true)
    const entries = lines(log.file).filter((e) => e.ref === reply.error.ref)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ level: 50, shell: 'browser', msg: expect.stringContaining(reply.error.ref!) })
    expect((entries[0].err as { stack: string }).stack).toMatch(/database connection is not open[\s\S]*at /)
  })

  it('keeps only the newest files of a shell, and leaves the other shells’ alone', async () => {
    const userData = tempDir()
    const folder = logFolder(userData)
    const first = await openLogFile(userData, 'desktop')
    first.close()
    for (let day = 1; day <= 9; day++) {
      const old = join(folder, `desktop.2020-01-0${day}.1.log`)
      writeFileSync(old, '{}\n')
      utimesSync(old, new Date(2020, 0, day), new Date(2020, 0, day))
    }
    writeFileSync(join(folder, 'book.2020-01-01.1.log'), '{}\n')
    const log = await openLogFile(userData, 'desktop')
    log.info({}, 'started')
    log.close()
    const left = readdirSync(folder).sort()
    // Today's file (written to again) and the newest four before it: at most six with the next day's.
    expect(left.filter((f) => f.startsWith('desktop.'))).toEqual([
      'desktop.2020-01-06.1.log',
      'desktop.2020-01-07.1.log',
      'desktop.2020-01-08.1.log',
      'desktop.2020-01-09.1.log',
      first.file.slice(folder.length + 1),
    ])
    expect(left).toContain('book.2020-01-01.1.log')
  })
})

describe('failed and cancelled jobs', () => {
  const finished = async (jobs: JobRunner, id: string) => {
    while (jobs.get(id).state === 'running') await new Promise((r) => setTimeout(r, 2))
    return jobs.get(id)
  }

  it('give a cancelled job the cancellation code, whatever the work threw on its way out', async () => {
    const jobs = new JobRunner(new ChangeFeed())
    const started = jobs.start(
      'export',
      (ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted by the signal')))),
    )
    jobs.cancel(started.id)
    expect(await finished(jobs, started.id)).toMatchObject({ state: 'cancelled', error: { kind: 'cancelled', code: 'job.cancelled' } })
  })

  it('keep the work’s own cancellation code when it has one', async () => {
    const jobs = new JobRunner(new ChangeFeed())
    const started = jobs.start(
      'book-export',
      (ctx) =>
        new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new CultureError('book.exportCancelled')))),
    )
    jobs.cancel(started.id)
    expect(await finished(jobs, started.id)).toMatchObject({
      state: 'cancelled',
      error: { kind: 'cancelled', code: 'book.exportCancelled', message: 'The export was cancelled. No file was written.' },
    })
  })

  it('report an unexpected failure of a job with a reference that is in the log', async () => {
    const log = memoryLogger()
    const core = openCore(join(tempDir(), 'library.sqlite'), { log })
    const started = core.jobs.start('export', async () => {
      throw new TypeError('cannot read properties of undefined')
    })
    const job = await finished(core.jobs, started.id)
    core.close()
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'internal', code: 'internal.unexpected' } })
    expect(log.entries).toEqual([expect.objectContaining({ level: 'error', details: expect.objectContaining({ ref: job.error!.ref }) })])
  })
})
