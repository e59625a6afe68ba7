import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import { Browser, closeTeamServers, listen, team, until, type Answer } from './team-server-helpers'
import { storyInput, tempDir } from './temp-library'

const opened: CultureCore[] = []
afterEach(async () => {
  await closeTeamServers()
  while (opened.length) opened.pop()!.close()
})

/** A library whose exports go into a folder beside it, as a server keeps them (/srv/culture/…/exports). */
function library() {
  const dir = tempDir()
  const core = openCore(join(dir, 'library.sqlite'), { exportDir: join(dir, 'exports') })
  opened.push(core)
  const story = core.stories.create(storyFields.parse(storyInput(core)), 'draft')
  core.stories.setStatus(story.id, 'approved')
  return { dir, core }
}

/** The job `started` names, asked with jobs.get until it ends. */
async function finished(browser: Browser, started: Answer): Promise<Answer> {
  expect(started.body.ok).toBe(true)
  let answer = started
  await until(async () => {
    answer = await browser.call('jobs.get', { id: started.body.value!.id })
    return answer.body.value!.state !== 'running'
  }, 'the job to end')
  return answer
}

describe("team server: the server's file paths stay on the server", () => {
  it("answers a curator's pack and CSV exports, jobs.get and the streamed job events with the file's name, and the download still works", async () => {
    const { dir, core } = library()
    const { server, member } = await team({ core })
    await member('cy@example.com', ['curator', 'admin'])
    const cy = new Browser(server)
    await cy.login('cy@example.com')
    const stream = await listen(server, cy)

    const seen: string[] = []
    for (const [method, name] of [
      ['exchange.exportPack', /\.culturepack$|\.json$/],
      ['exchange.csvExport', /\.csv$/],
    ] as const) {
      const started = await cy.call(method)
      const done = await finished(cy, started)
      const result = (done.body.value as unknown as JobState<{ path: string }>).result!
      expect(done.body.value!.state).toBe('done')
      expect(result.path).toMatch(name)
      expect(result.path).not.toContain('/')
      seen.push(JSON.stringify(started.body), JSON.stringify(done.body))
      // The page downloads it by its job, as before.
      const download = await fetch(new URL(`/api/files/${started.body.value!.id}`, server.url), { headers: { cookie: cy.cookie! } })
      expect(download.status).toBe(200)
    }
    const backups = await cy.call('library.backupNow')
    seen.push(JSON.stringify(backups.body), JSON.stringify((await cy.call('library.backups')).body))
    expect(backups.body.value!.path).toBe(backups.body.value!.name)

    await until(() => stream.events.filter((e) => e.topic === 'jobs' && e.job!.state === 'done').length >= 2, 'both jobs streamed done')
    stream.stop()
    const streamed = stream.events.filter((e) => e.topic === 'jobs')
    expect(streamed.filter((e) => e.job!.state === 'done').map((e) => (e.job!.result as { path: string }).path)).toHaveLength(2)
    seen.push(JSON.stringify(streamed))
    for (const text of seen) expect(text).not.toContain(dir)
  })

  it('keeps the full path for browser mode and the desktop app, whose files are the person’s own', async () => {
    const { dir, core } = library()
    const dispatch = createDispatch(core)
    const started = (await dispatch('exchange.csvExport', {})) as ApiResponse<JobState>
    expect(started.ok).toBe(true)
    const id = started.ok ? started.value.id : ''
    let job: JobState<{ path: string }> = core.jobs.get(id) as JobState<{ path: string }>
    await until(() => (job = core.jobs.get(id) as JobState<{ path: string }>).state !== 'running', 'the export to end')
    const answered = (await dispatch('jobs.get', { id })) as ApiResponse<JobState<{ path: string }>>
    expect(answered.ok && answered.value.result!.path).toBe(job.result!.path)
    expect(job.result!.path.startsWith(join(dir, 'exports'))).toBe(true)
  })
})
