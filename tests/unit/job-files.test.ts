import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

const opened: CultureCore[] = []
afterEach(() => {
  for (const core of opened.splice(0)) if (core.db.open) core.close()
})

/** A library with one approved story that exports into its own folder. */
function exportingCore(): CultureCore {
  const dir = tempDir()
  const core = openCore(join(dir, 'library.sqlite'), { exportDir: join(dir, 'exports') })
  opened.push(core)
  core.stories.create(storyFields.parse(storyInput(core)), 'approved')
  return core
}

/** Waits for a job of this core to end, polling its state as the page does. */
async function ended(core: CultureCore, job: JobState): Promise<JobState> {
  for (;;) {
    const now = core.jobs.get(job.id)
    if (now.state !== 'running') return now
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** A job of this run that writes `path` (or fails) when `finish` is called. */
function heldJob(core: CultureCore, path: string) {
  let finish!: (ok: boolean) => void
  const job = core.jobs.start(
    'held',
    () => new Promise<{ path: string }>((resolve, reject) => (finish = (ok) => (ok ? resolve({ path }) : reject(new Error('failed'))))),
  )
  return { job, finish }
}

describe('a finished job’s file (issue 10, section 3: one function for both shells)', () => {
  it('is the file an export wrote, once the job is done, and only while the file is there', async () => {
    const core = exportingCore()
    const job = await ended(core, core.exchange.csvExport())
    const path = (job.result as { path: string }).path
    expect(core.jobFile(job.id)).toBe(path)
    expect(readFileSync(path, 'utf8')).toContain('Wedding shoes, overnight')
    rmSync(path)
    expect(core.jobFile(job.id)).toBeNull()
    // A job of an earlier run, or none at all.
    expect(core.jobFile('0b6f3d8e-2c51-4e7a-9d0e-6f1a2b3c4d5e')).toBeNull()
  })

  it('is nothing while the job runs, nor after it failed', async () => {
    const core = tempCore()
    const file = join(tempDir(), 'book.pdf')
    writeFileSync(file, '%PDF-1.7')
    const running = heldJob(core, file)
    expect(core.jobFile(running.job.id)).toBeNull()
    running.finish(true)
    await ended(core, running.job)
    expect(core.jobFile(running.job.id)).toBe(file)

    const failing = heldJob(core, file)
    failing.finish(false)
    expect((await ended(core, failing.job)).state).toBe('failed')
    expect(core.jobFile(failing.job.id)).toBeNull()
  })

  // It was null for a folder, so the desktop's "Show in folder" after a Markdown export did nothing and browser mode had no download.
  it('is the folder a Markdown export filled, and nothing once a path is no longer what the job wrote', async () => {
    const core = exportingCore()
    const markdown = await ended(core, core.exchange.markdownExport())
    expect(markdown.state).toBe('done')
    const folder = (markdown.result as { folder: string }).folder
    expect(core.jobFile(markdown.id)).toBe(folder)
    rmSync(folder, { recursive: true })
    writeFileSync(folder, 'now a file')
    expect(core.jobFile(markdown.id)).toBeNull()

    const path = join(tempDir(), 'became-a-folder.pdf')
    const held = heldJob(core, path)
    held.finish(true)
    await ended(core, held.job)
    mkdirSync(path)
    expect(core.jobFile(held.job.id)).toBeNull()
  })
})
