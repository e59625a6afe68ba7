import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import type { BackupFile } from '../../electron/core/library/backup-file'
import { storyFields } from '../../electron/core/stories/story-input'
import { Browser, closeTeamServers, team, until } from './team-server-helpers'
import { storyInput, tempDir } from './temp-library'

const opened: CultureCore[] = []
afterEach(async () => {
  await closeTeamServers()
  for (const core of opened.splice(0)) if (core.db.open) core.close()
})

/** A library whose core logs (as `npm run serve` opens it), and the lines it wrote. */
function loggingCore() {
  const lines: Record<string, unknown>[] = []
  const log = pino({ base: null }, { write: (line: string) => lines.push(JSON.parse(line)) })
  const core = openCore(join(tempDir(), 'team.sqlite'), { log })
  opened.push(core)
  return { core, log, lines }
}

const titles = (core: CultureCore) => (core.db.prepare('SELECT title FROM stories ORDER BY title').pluck().all() as string[]).sort()

describe('team server: backups', () => {
  it('takes the daily backup while it runs (once a day), logs it, and restores it over HTTP: today’s backup stays listed', async () => {
    const { core, log, lines } = loggingCore()
    // The library was empty when it opened (no backup then): the server's own check takes today's.
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Before the backup' })), 'draft')
    const { server, member } = await team({ core, log, backupCheckMs: 50 })
    await member('boss@example.com', ['admin'])
    await member('ann@example.com', ['contributor'])
    const [boss, ann] = [new Browser(server), new Browser(server)]
    await boss.login('boss@example.com')
    await ann.login('ann@example.com')
    await until(() => core.library.backups().some((b) => b.reason === 'daily'), 'the daily backup', 10_000)
    const listed = (await boss.call('library.backups')).body.value as unknown as BackupFile[]
    const daily = listed.find((b) => b.reason === 'daily')!
    expect(daily.takenAt.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10))
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'Backup written', backup: daily.name, reason: 'daily' }))
    // Checked again and again, it is not taken twice the same day.
    await new Promise((r) => setTimeout(r, 200))
    expect(core.library.backups().filter((b) => b.reason === 'daily')).toHaveLength(1)

    expect((await ann.call('stories.create', { fields: storyInput(core, { title: 'After the backup' }) })).status).toBe(200)
    const restored = await boss.call('library.restore', { name: daily.name, confirm: true })
    expect(restored).toMatchObject({ status: 200, body: { value: { restored: daily.name } } })
    expect(titles(core)).toEqual(['Before the backup'])
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'Library restored from a backup', restored: daily.name }))
    // The backup restored is still there (an earlier bug: restoring today's backup deleted it), beside the safety copy.
    const after = (await boss.call('library.backups')).body.value as unknown as BackupFile[]
    expect(after.map((b) => b.name)).toContain(daily.name)
    expect(after.filter((b) => b.reason === 'before-restore')).toHaveLength(1)
    log.flush()
  })

  it('admins only: back up now and list over HTTP; a contributor is refused', async () => {
    const { core, lines } = loggingCore()
    const { server, member } = await team({ core })
    await member('boss@example.com', ['admin'])
    await member('ann@example.com', ['contributor', 'curator'])
    const [boss, ann] = [new Browser(server), new Browser(server)]
    await boss.login('boss@example.com')
    await ann.login('ann@example.com')
    const taken = await boss.call('library.backupNow')
    expect(taken).toMatchObject({ status: 200, body: { value: { reason: 'manual' } } })
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'Backup written', reason: 'manual', backup: taken.body.value!.name }))
    expect((await ann.call('library.backupNow')).status).toBe(403)
    expect((await ann.call('library.backups')).status).toBe(403)
    expect((await ann.call('library.restore', { name: taken.body.value!.name, confirm: true })).status).toBe(403)
  })

  it('a restore puts the stories back and leaves the people as they are now: sessions, a disabled account, new accounts, the audit log', async () => {
    const { core } = loggingCore()
    const { server, member } = await team({ core })
    await member('boss@example.com', ['admin'])
    await member('ann@example.com', ['contributor'])
    const bo = await member('bo@example.com', ['contributor'])
    const [boss, ann] = [new Browser(server), new Browser(server)]
    await ann.login('ann@example.com')
    expect((await ann.call('stories.create', { fields: storyInput(core, { title: 'Kept' }) })).status).toBe(200)
    await boss.login('boss@example.com')
    const backup = (await boss.call('library.backupNow')).body.value!.name as string

    // After the backup: a story, an account disabled, a new account, a new sign-in.
    expect((await ann.call('stories.create', { fields: storyInput(core, { title: 'Undone by the restore' }) })).status).toBe(200)
    expect((await boss.call('users.disable', { id: bo.id })).status).toBe(200)
    await member('cy@example.com', ['curator'])
    const later = new Browser(server)
    await later.login('boss@example.com')

    expect((await later.call('library.restore', { name: backup, confirm: true })).status).toBe(200)
    expect(titles(core)).toEqual(['Kept'])
    // Everybody signed in stays signed in and keeps working, whenever they signed in.
    expect((await later.call('library.backups')).status).toBe(200)
    expect((await boss.call('library.backups')).status).toBe(200)
    expect((await ann.call('stories.create', { fields: storyInput(core, { title: 'Written after the restore' }) })).status).toBe(200)
    // The account disabled since stays disabled; the one created since can sign in.
    expect((await new Browser(server).login('bo@example.com')).status).toBe(401)
    expect((await new Browser(server).login('cy@example.com')).status).toBe(200)
    const audit = core.db.prepare('SELECT action, subject FROM audit_log').all() as { action: string; subject: string }[]
    expect(audit).toContainEqual(expect.objectContaining({ action: 'user.disabled', subject: bo.id }))
    // A sign-out after the restore still ends the session for good.
    await ann.send('POST', '/auth/logout', {})
    expect(titles(core)).toEqual(['Kept', 'Written after the restore'])
  })
})
