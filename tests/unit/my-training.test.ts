/**
 * "My training" (issue 15, item 4): a person who holds the trainee role has exactly one trainee
 * record, linked to their account when they get the role, and reaches that record and nobody else's.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { createDispatch } from '../../electron/core/dispatch'
import { localDate } from '../../electron/core/format-date'
import type { Trainee } from '../../electron/core/training/training-types'
import { readLibraryLanguage } from '../../electron/core/values/library-language'
import { Browser, closeTeamServers, playOne, team, type Played, type Step } from './team-server-helpers'
import { tempCore } from './temp-library'

afterEach(closeTeamServers)

const linkedRows = (core: ReturnType<typeof tempCore>, userId: string) =>
  (core.db.prepare('SELECT count(*) AS n FROM trainees WHERE user_id = ?').get(userId) as { n: number }).n

describe('my training: the trainee record that comes with the role', () => {
  it('gives a new trainee one record of their own, named for them, starting today, in the library’s language', () => {
    const core = tempCore()
    const accounts = openAccounts(core.db)
    const mia = accounts.users.create({ email: 'mia@example.com', displayName: 'Mia Holm', passwordHash: null, roles: ['trainee'] }, null)
    const bo = accounts.users.create({ email: 'bo@example.com', displayName: 'Bo', passwordHash: null, roles: ['contributor'] }, null)
    expect(core.training.mine(mia.id)).toEqual({
      id: expect.any(String),
      name: 'Mia Holm',
      team: '',
      startDate: localDate(new Date()),
      language: readLibraryLanguage(core.db),
      email: 'mia@example.com',
    })
    expect(linkedRows(core, mia.id)).toBe(1)
    // No role, no record.
    expect(core.training.mine(bo.id)).toBeNull()
    expect(linkedRows(core, bo.id)).toBe(0)
  })

  it('links one record when an admin adds the role, keeps it and its history when the role goes, finds it again when it comes back', async () => {
    const core = tempCore()
    const accounts = openAccounts(core.db)
    const admin = accounts.users.create({ email: 'ada@example.com', displayName: 'Ada', passwordHash: null, roles: ['admin'] }, null)
    const bo = accounts.users.create({ email: 'bo@example.com', displayName: 'Bo', passwordHash: null, roles: ['contributor'] }, null)
    accounts.users.setRoles(bo.id, ['contributor', 'trainee'], admin.id)
    const record = core.training.mine(bo.id)!
    expect(record).toMatchObject({ name: 'Bo', email: 'bo@example.com' })
    await playOne((input) => core.training.answer(input.sessionId, input.choiceId), core.training.start(record.id, 'onboarding'))
    expect(core.training.progress(record.id).attempts).toBe(1)

    // The same roles again, other roles beside it: still the one record.
    accounts.users.setRoles(bo.id, ['contributor', 'trainee', 'trainer'], admin.id)
    accounts.users.setRoles(bo.id, ['trainee'], admin.id)
    expect(linkedRows(core, bo.id)).toBe(1)

    accounts.users.setRoles(bo.id, ['contributor'], admin.id)
    expect(core.training.mine(bo.id)?.id).toBe(record.id)
    accounts.users.setRoles(bo.id, ['contributor', 'trainee'], admin.id)
    expect(core.training.mine(bo.id)?.id).toBe(record.id)
    expect(linkedRows(core, bo.id)).toBe(1)
    expect(core.training.progress(record.id)).toMatchObject({ attempts: 1, lastActivity: expect.any(String) })
  })

  it('links the record of a person who accepts an invitation as a trainee', async () => {
    const core = tempCore()
    const accounts = openAccounts(core.db)
    const admin = accounts.users.create({ email: 'ada@example.com', displayName: 'Ada', passwordHash: null, roles: ['admin'] }, null)
    const token = accounts.invitations.invite('new@example.com', ['trainee'], admin.id)
    const person = await accounts.invitations.accept(token, { password: 'correct horse battery', displayName: 'Nora New' })
    expect(core.training.mine(person.id)).toMatchObject({ name: 'Nora New', email: 'new@example.com' })
    expect(linkedRows(core, person.id)).toBe(1)
  })

  it('shows trainers linked people by their name and address beside the trainees they keep; without accounts nothing changes', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const kept = await dispatch('trainees.create', { name: 'Kim', team: 'Warehouse', startDate: localDate(new Date()) })
    expect(kept).toMatchObject({ ok: true, value: { name: 'Kim', email: null } })
    // Browser mode and the desktop app have no caller: no record of their own.
    expect(await dispatch('training.mine', {})).toEqual({ ok: true, value: null })
    openAccounts(core.db).users.create({ email: 'mia@example.com', displayName: 'Mia', passwordHash: null, roles: ['trainee'] }, null)
    const listed = (await dispatch('trainees.list', {})) as { value: Trainee[] }
    expect(listed.value.map((t) => [t.name, t.email])).toEqual([
      ['Kim', null],
      ['Mia', 'mia@example.com'],
    ])
    const teamProgress = (await dispatch('training.team', {})) as { value: { trainee: Trainee }[] }
    expect(teamProgress.value.map((p) => p.trainee.name)).toEqual(['Kim', 'Mia'])
  })
})

describe('my training over the team server: a trainee reaches their own training and nobody else’s', () => {
  it('refuses trainee A every method and parameter that reaches trainee B’s training', async () => {
    const { core, server, member } = await team()
    const a = await member('ann@example.com', ['trainee'])
    const b = await member('ben@example.com', ['trainee'])
    await member('tove@example.com', ['trainer'])
    const kept = core.training.createTrainee({ name: 'Kim', team: '', startDate: localDate(new Date()) })
    const ann = new Browser(server)
    const ben = new Browser(server)
    const tove = new Browser(server)
    await ann.login('ann@example.com')
    await ben.login('ben@example.com')
    await tove.login('tove@example.com')

    const mine = await ann.call('training.mine')
    expect(mine).toMatchObject({ status: 200, body: { value: { name: 'ann', email: 'ann@example.com' } } })
    const annId = mine.body.value!.id as string
    const benId = (await ben.call('training.mine')).body.value!.id as string
    expect(benId).not.toBe(annId)
    expect(annId).toBe(core.training.mine(a.id)!.id)
    expect(benId).toBe(core.training.mine(b.id)!.id)

    // Ben trains: his session is live.
    const benSession = await ben.call('training.start', { traineeId: benId, mode: 'onboarding' })
    expect(benSession.status).toBe(200)
    const benSessionId = benSession.body.value!.sessionId as string
    const benChoice = (benSession.body.value!.step as { choices: { id: string }[] }).choices[0].id

    const refused = async (method: string, input: object) => {
      const answer = await ann.call(method, input)
      expect(answer.status, `${method} ${JSON.stringify(input)}`).toBe(403)
      expect(answer.body.error?.code).toBe('auth.forbidden')
    }
    for (const traineeId of [benId, kept.id, '00000000-0000-4000-8000-000000000000']) {
      for (const mode of ['onboarding', 'practice']) await refused('training.start', { traineeId, mode })
      await refused('training.progress', { traineeId })
      await refused('training.certificate', { traineeId })
      await refused('training.setLanguage', { traineeId, language: 'sv' })
    }
    await refused('training.answer', { sessionId: benSessionId, choiceId: benChoice })
    await refused('training.retry', { sessionId: benSessionId })
    await refused('trainees.list', {})
    await refused('trainees.create', { name: 'Ann again', team: '', startDate: localDate(new Date()) })
    await refused('training.team', {})
    await refused('training.teamCsv', { language: 'en' })
    // training.mine reads the session's account: no input names anyone else.
    expect((await ann.call('training.mine', { userId: b.id })).status).toBe(400)
    // Ben's session is untouched by all that: he answers it.
    expect((await ben.call('training.answer', { sessionId: benSessionId, choiceId: benChoice })).status).toBe(200)
    expect(core.training.progress(annId).attempts).toBe(0)

    // Ann's own training: start, answer, progress, certificate (not earned yet, but hers to ask for).
    const own = await ann.call('training.start', { traineeId: annId, mode: 'onboarding' })
    expect(own.status).toBe(200)
    const ownSession = { sessionId: own.body.value!.sessionId as string, choiceId: (own.body.value!.step as Step).choices[0].id }
    // Ben cannot answer Ann's session either.
    expect((await ben.call('training.answer', ownSession)).status).toBe(403)
    await playOne(async (input) => {
      const answer = await ann.call('training.answer', input)
      expect(answer.status).toBe(200)
      return answer.body.value as unknown as Played
    }, own.body.value)
    expect((await ann.call('training.progress', { traineeId: annId })).body.value).toMatchObject({ trainee: { id: annId }, attempts: 1 })
    // Hers to ask for (past the permission), though not earned after one scenario.
    expect((await ann.call('training.certificate', { traineeId: annId })).body.error?.code).toBe('trainee.notCertified')
    // She chooses the language of her own scenarios; Ben's stay as they were.
    expect((await ann.call('training.setLanguage', { traineeId: annId, language: 'sv' })).body.value).toMatchObject({ language: 'sv' })
    expect(core.training.mine(a.id)!.language).toBe('sv')
    expect(core.training.mine(b.id)!.language).toBe(readLibraryLanguage(core.db))
    const swedish = await ann.call('training.start', { traineeId: annId, mode: 'onboarding' })
    expect(swedish.body.value).toMatchObject({ scenario: { language: 'sv' } })

    // The trainer sees both people by name and address, and may not call training.mine (not a trainee).
    const listed = (await tove.call('trainees.list')).body.value as unknown as Trainee[]
    expect(listed.map((t) => [t.name, t.email])).toEqual([
      ['ann', 'ann@example.com'],
      ['ben', 'ben@example.com'],
      ['Kim', null],
    ])
    expect((await tove.call('training.mine')).status).toBe(403)
  })

  it('gives a trainee whose role came before records came with it their record when they first ask, once', async () => {
    const { core, server, member } = await team()
    const old = await member('olga@example.com', ['contributor'])
    // As a library written before this version holds it: the role, and no record.
    core.db.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'trainee')").run(old.id)
    expect(linkedRows(core, old.id)).toBe(0)
    const olga = new Browser(server)
    await olga.login('olga@example.com')
    const first = await olga.call('training.mine')
    expect(first.body.value).toMatchObject({ name: 'olga', email: 'olga@example.com', startDate: localDate(new Date()) })
    expect((await olga.call('training.mine')).body.value!.id).toBe(first.body.value!.id)
    expect(linkedRows(core, old.id)).toBe(1)
    expect((await olga.call('training.start', { traineeId: first.body.value!.id, mode: 'onboarding' })).status).toBe(200)
  })

  it('ends a person’s training with their role but keeps their record and history for the trainer', async () => {
    const { core, server, member } = await team()
    const admin = await member('ada@example.com', ['admin'])
    const a = await member('ann@example.com', ['trainee'])
    await member('tove@example.com', ['trainer'])
    const ann = new Browser(server)
    await ann.login('ann@example.com')
    const annId = (await ann.call('training.mine')).body.value!.id as string
    await playOne(
      async (input) => (await ann.call('training.answer', input)).body.value as unknown as Played,
      (await ann.call('training.start', { traineeId: annId, mode: 'onboarding' })).body.value,
    )

    server.accounts.users.setRoles(a.id, ['contributor'], admin.id)
    expect((await ann.call('training.start', { traineeId: annId, mode: 'onboarding' })).status).toBe(403)
    expect((await ann.call('training.mine')).status).toBe(403)
    const tove = new Browser(server)
    await tove.login('tove@example.com')
    const progress = await tove.call('training.progress', { traineeId: annId })
    expect(progress.body.value).toMatchObject({ trainee: { name: 'ann' }, attempts: 1, lastActivity: expect.any(String) })
    expect(core.training.mine(a.id)?.id).toBe(annId)
  })
})
