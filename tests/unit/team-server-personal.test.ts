/**
 * What is each person's own on a team server (issue 15): drafts, jobs and settings, who an import
 * names as author, and the audit log of reviews, exports, imports, backups and restores. Real server,
 * real SQLite in temp folders, people signed in like the page does.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../electron/core/accounts/audit-log'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import type { JobState } from '../../electron/core/jobs/job-state'
import { storyFields } from '../../electron/core/stories/story-input'
import type { RunningTeamServer } from '../../electron/server/team-server'
import { Browser, closeTeamServers, storyBy, team } from './team-server-helpers'
import { oldFormatLibrary, storyInput, tempCore, tempDir } from './temp-library'

const opened: CultureCore[] = []
afterEach(async () => {
  await closeTeamServers()
  while (opened.length) opened.pop()!.close()
})

/** A team server over a library with an export folder of its own (exports never go to the home folder). */
async function teamWithExports() {
  const core = openCore(join(tempDir(), 'library.sqlite'), { exportDir: join(tempDir(), 'exports') })
  opened.push(core)
  return team({ core })
}

async function signedIn(server: RunningTeamServer, email: string): Promise<Browser> {
  const browser = new Browser(server)
  expect((await browser.login(email)).status).toBe(200)
  return browser
}

/** A job followed until it ends, as its starter. */
async function finished(browser: Browser, started: { body: { value?: Record<string, unknown> } }): Promise<JobState> {
  const id = started.body.value!.id as string
  for (let i = 0; i < 500; i++) {
    const job = (await browser.call('jobs.get', { id })).body.value as unknown as JobState
    if (job.state !== 'running') return job
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`job ${id} did not end`)
}

/** The audit entries written after entry `since` (oldest first). */
function entriesSince(core: CultureCore, since: number): AuditEntry[] {
  return (
    core.db.prepare('SELECT id, user_id AS userId, action, subject, detail FROM audit_log WHERE id > ? ORDER BY id').all(since) as (Omit<
      AuditEntry,
      'detail'
    > & { detail: string })[]
  ).map((e) => ({ ...e, detail: JSON.parse(e.detail) }))
}
const lastEntry = (core: CultureCore) => core.db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number

describe('team server: drafts are each person’s own', () => {
  it("contributor B can neither read nor overwrite A's draft, through any parameter", async () => {
    const { core, server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    await member('bob@example.com', ['contributor'])
    const [a, b] = [await signedIn(server, 'ann@example.com'), await signedIn(server, 'bob@example.com')]
    const annsStory = storyBy(core, ann.id)

    // A story not saved yet: each person has their own, not one shared draft.
    await a.call('drafts.save', { kind: 'story', id: null, content: { title: 'Ann’s secret beginning' } })
    expect((await b.call('drafts.get', { kind: 'story', id: null })).body).toEqual({ ok: true, value: null })
    await b.call('drafts.save', { kind: 'story', id: null, content: { title: 'Bob’s own' } })
    expect((await a.call('drafts.get', { kind: 'story', id: null })).body.value!.content).toEqual({ title: 'Ann’s secret beginning' })
    expect((await b.call('drafts.discard', { kind: 'story', id: null })).body.value).toEqual({ discarded: true })
    expect((await a.call('drafts.get', { kind: 'story', id: null })).body.value!.content).toEqual({ title: 'Ann’s secret beginning' })

    // Ann's story: Bob may not touch its draft at all.
    await a.call('drafts.save', { kind: 'story', id: annsStory, content: { title: 'Ann, half rewritten' } })
    for (const [method, input] of [
      ['drafts.get', { kind: 'story', id: annsStory }],
      ['drafts.save', { kind: 'story', id: annsStory, content: { title: 'Bob was here' } }],
      ['drafts.discard', { kind: 'story', id: annsStory }],
    ] as const) {
      expect((await b.call(method, input)).status, method).toBe(403)
    }
    // Nor by a parameter naming someone else: the contract has none, and an extra one is refused.
    expect((await b.call('drafts.get', { kind: 'story', id: annsStory, owner: ann.id })).status).toBe(400)
    expect((await a.call('drafts.get', { kind: 'story', id: annsStory })).body.value!.content).toEqual({ title: 'Ann, half rewritten' })
  })

  it('two curators keep separate drafts of one story; saving it discards only the saver’s', async () => {
    const { core, server, member } = await team()
    await member('cid@example.com', ['curator'])
    await member('cat@example.com', ['curator'])
    const [cid, cat] = [await signedIn(server, 'cid@example.com'), await signedIn(server, 'cat@example.com')]
    const story = core.stories.create(storyFields.parse(storyInput(core)), 'submitted')
    const key = { kind: 'story', id: story.id }
    await cid.call('drafts.save', { ...key, content: { title: 'Cid’s wording' }, baseUpdatedAt: story.updatedAt })
    await cat.call('drafts.save', { ...key, content: { title: 'Cat’s wording' }, baseUpdatedAt: story.updatedAt })
    expect((await cid.call('drafts.get', key)).body.value!.content).toEqual({ title: 'Cid’s wording' })
    expect((await cat.call('drafts.get', key)).body.value!.content).toEqual({ title: 'Cat’s wording' })

    const saved = await cid.call('stories.update', { id: story.id, fields: storyInput(core, { title: 'Cid’s wording' }) })
    expect(saved.body.ok).toBe(true)
    expect((await cid.call('drafts.get', key)).body.value).toBeNull()
    expect((await cat.call('drafts.get', key)).body.value!.content).toEqual({ title: 'Cat’s wording' })
  })

  it('browser mode keeps one draft per story as before', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    await dispatch('drafts.save', { kind: 'story', id: null, content: { title: 'Typed alone' } })
    expect(core.drafts.get({ kind: 'story', id: null })?.content).toEqual({ title: 'Typed alone' })
    expect(await dispatch('drafts.get', { kind: 'story', id: null })).toMatchObject({
      ok: true,
      value: { content: { title: 'Typed alone' } },
    })
  })
})

describe('team server: a job is its starter’s', () => {
  it('another person can neither follow, cancel nor download it', async () => {
    const { core, server, member } = await teamWithExports()
    await member('cid@example.com', ['curator'])
    await member('cat@example.com', ['curator'])
    core.stories.create(storyFields.parse(storyInput(core)), 'submitted')
    const [cid, cat] = [await signedIn(server, 'cid@example.com'), await signedIn(server, 'cat@example.com')]
    const started = await cid.call('exchange.csvExport')
    const job = await finished(cid, started)
    expect(job.state).toBe('done')

    expect((await cat.call('jobs.get', { id: job.id })).status).toBe(403)
    expect((await cat.call('jobs.cancel', { id: job.id })).status).toBe(403)
    const download = (who: Browser) => fetch(new URL(`/api/files/${job.id}`, server.url), { headers: { cookie: who.cookie! } })
    expect((await download(cat)).status).toBe(403)
    const own = await download(cid)
    expect(own.status).toBe(200)
    expect(await own.text()).toContain('Wedding shoes, overnight')
    expect((await cid.call('jobs.cancel', { id: job.id })).body.value).toMatchObject({ id: job.id, state: 'done' })
  })
})

describe('team server: settings are each person’s own', () => {
  it('one person’s language and theme do not reach another, nor the server’s own settings', async () => {
    const { core, server, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('tia@example.com', ['trainee'])
    const [ann, tia] = [await signedIn(server, 'ann@example.com'), await signedIn(server, 'tia@example.com')]
    expect((await ann.call('settings.update', { language: 'da', theme: 'dark' })).body.value).toEqual({ language: 'da', theme: 'dark' })
    expect((await tia.call('settings.get')).body.value).toEqual({ language: 'system', theme: 'system' })
    expect((await tia.call('settings.update', { theme: 'light' })).body.value).toEqual({ language: 'system', theme: 'light' })
    expect((await ann.call('settings.get')).body.value).toEqual({ language: 'da', theme: 'dark' })
    expect((await ann.call('settings.update', { theme: 'system' })).body.value).toEqual({ language: 'da', theme: 'system' })
    expect(core.settings.get()).toEqual({ language: 'system', theme: 'system' })
  })
})

describe('team server: imports name the importing curator', () => {
  it('stories from a pack and a CSV file record the curator as author; a replaced version names them too', async () => {
    const { core, server, member } = await team()
    const cid = await member('cid@example.com', ['curator'])
    const curator = await signedIn(server, 'cid@example.com')
    const elsewhere = tempCore()
    const packed = elsewhere.stories.create(storyFields.parse(storyInput(elsewhere, { title: 'Came in a pack' })), 'submitted')
    const importPack = async () => {
      const packFile = join(tempDir(), 'stories.culturepack')
      elsewhere.packs.exportPack(packFile, {})
      const base64 = readFileSync(packFile).toString('base64')
      const preview = (await curator.call('exchange.previewPack', { base64 })).body.value!
      const applied = await finished(curator, await curator.call('exchange.applyPack', { previewId: preview.previewId, resolutions: {} }))
      expect(applied.state).toBe('done')
    }
    await importPack()
    const authorOf = (id: string) => core.db.prepare('SELECT created_by FROM stories WHERE id = ?').pluck().get(id)
    expect(authorOf(packed.id)).toBe(cid.id)
    // The pack again, with the story changed since: the version it replaces names the curator.
    elsewhere.stories.update(packed.id, storyFields.parse(storyInput(elsewhere, { title: 'Changed in the next pack' })))
    await importPack()
    expect(core.stories.get(packed.id).title).toBe('Changed in the next pack')
    expect(core.db.prepare('SELECT by_user FROM story_revisions WHERE story_id = ?').pluck().all(packed.id)).toEqual([cid.id])

    // A CSV file's new row.
    elsewhere.stories.create(storyFields.parse(storyInput(elsewhere, { title: 'Came in a CSV' })), 'submitted')
    const csv = await curator.call('exchange.csvPreview', { base64: Buffer.from(elsewhere.csv.export()).toString('base64') })
    const { previewId, suggested } = csv.body.value! as { previewId: string; suggested: object }
    const imported = await finished(curator, await curator.call('exchange.csvImport', { previewId, mapping: suggested }))
    expect(imported.state).toBe('done')
    const fromCsv = core.db.prepare("SELECT id FROM stories WHERE title = 'Came in a CSV'").pluck().get() as string
    expect(authorOf(fromCsv)).toBe(cid.id)
  })
})

describe('team server: the audit log names who reviewed, exported, imported, backed up and restored', () => {
  it('writes exactly one entry per action, naming the person', async () => {
    const { core, server, member } = await teamWithExports()
    const cid = await member('cid@example.com', ['curator'])
    const tom = await member('tom@example.com', ['trainer'])
    const ada = await member('ada@example.com', ['admin'])
    const [curator, trainer, admin] = await Promise.all(
      ['cid@example.com', 'tom@example.com', 'ada@example.com'].map((email) => signedIn(server, email)),
    )
    const make = (title: string) => core.stories.create(storyFields.parse(storyInput(core, { title })), 'submitted').id
    const [one, two, three] = [make('One to approve'), make('Two to archive'), make('Three to archive')]

    /** The entries `act` wrote, as [who, action, subject]. */
    const wrote = async (act: () => Promise<unknown>) => {
      const since = lastEntry(core)
      await act()
      return entriesSince(core, since).map((e) => [e.userId, e.action, e.subject])
    }
    expect(await wrote(() => curator.call('stories.setStatus', { id: one, status: 'approved' }))).toEqual([[cid.id, 'story.approved', one]])
    expect(await wrote(() => curator.call('stories.setStatus', { id: one, status: 'approved' }))).toEqual([])
    expect(await wrote(() => curator.call('stories.setStatusMany', { ids: [two, three], status: 'archived' }))).toEqual([
      [cid.id, 'story.archived', two],
      [cid.id, 'story.archived', three],
    ])
    expect(await wrote(() => curator.call('stories.setStatus', { id: two, status: 'draft' }))).toEqual([])

    const exported = async (method: string, input: object = {}) => {
      const since = lastEntry(core)
      const job = await finished(curator, await curator.call(method, input))
      expect(job.state, method).toBe('done')
      return entriesSince(core, since).map((e) => [e.userId, e.action, e.subject])
    }
    expect(await exported('exchange.csvExport')).toEqual([[cid.id, 'csv.exported', expect.any(String)]])
    expect(await exported('exchange.exportPack')).toEqual([[cid.id, 'pack.exported', expect.any(String)]])
    expect(await exported('exchange.markdownExport')).toEqual([[cid.id, 'markdown.exported', expect.any(String)]])
    const year = Number(storyInput(core).happenedOn!.slice(0, 4))
    expect(await exported('book.export', { year, format: 'html' })).toEqual([[cid.id, 'book.exported', expect.any(String)]])
    expect(await wrote(() => trainer.call('training.teamCsv'))).toEqual([[tom.id, 'training.exported', '']])

    let name = ''
    const backedUp = await wrote(async () => (name = (await admin.call('library.backupNow')).body.value!.name as string))
    expect(backedUp).toEqual([[ada.id, 'library.backedUp', name]])
    // The restored library's log goes on from the backup's: its newest entry is the restore.
    expect((await admin.call('library.restore', { name, confirm: true })).body.ok).toBe(true)
    expect(entriesSince(core, lastEntry(core) - 1).map((e) => [e.userId, e.action, e.subject])).toEqual([
      [ada.id, 'library.restored', name],
    ])
  })

  it('an import writes one entry with its counts, in its own transaction', async () => {
    const { core, server, member } = await team()
    const cid = await member('cid@example.com', ['curator'])
    const curator = await signedIn(server, 'cid@example.com')
    const elsewhere = tempCore()
    elsewhere.stories.create(storyFields.parse(storyInput(elsewhere, { title: 'Came in a CSV' })), 'submitted')
    const since = lastEntry(core)
    const csv = await curator.call('exchange.csvPreview', { base64: Buffer.from(elsewhere.csv.export()).toString('base64') })
    const { previewId, suggested } = csv.body.value! as { previewId: string; suggested: object }
    expect((await finished(curator, await curator.call('exchange.csvImport', { previewId, mapping: suggested }))).state).toBe('done')
    expect(entriesSince(core, since)).toMatchObject([{ userId: cid.id, action: 'csv.imported', detail: { created: 1, updated: 0 } }])
  })

  it('browser mode and the desktop app write no entries', async () => {
    const core = openCore(join(tempDir(), 'library.sqlite'), { exportDir: join(tempDir(), 'exports') })
    opened.push(core)
    const dispatch = createDispatch(core)
    const id = core.stories.create(storyFields.parse(storyInput(core)), 'submitted').id
    expect(await dispatch('stories.setStatus', { id, status: 'approved' })).toMatchObject({ ok: true })
    expect(await dispatch('exchange.csvExport', {})).toMatchObject({ ok: true })
    expect(await dispatch('library.backupNow', {})).toMatchObject({ ok: true })
    expect(lastEntry(core)).toBe(0)
  })
})

describe('migrations 23 and 24', () => {
  it('keeps the drafts of a library from before as the draft without an account, and adds personal settings', () => {
    const file = join(tempDir(), 'library.sqlite')
    const storyId = crypto.randomUUID()
    const old = oldFormatLibrary(file, 22, { id: storyId, title: 'From before', at: new Date().toISOString() })
    old
      .prepare('INSERT INTO drafts (kind, target_id, content, base_updated_at, saved_at) VALUES (?, ?, ?, NULL, ?)')
      .run('story', storyId, JSON.stringify({ title: 'Typed before' }), new Date().toISOString())
    old.close()
    const core = tempCore(file)
    expect(core.drafts.get({ kind: 'story', id: storyId })?.content).toEqual({ title: 'Typed before' })
    expect(core.drafts.get({ kind: 'story', id: storyId }, 'someone')).toBeNull()
    expect(core.db.prepare('SELECT count(*) FROM user_settings').pluck().get()).toBe(0)
  })
})
