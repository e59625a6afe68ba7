import { afterEach, describe, expect, it } from 'vitest'
import type { ChangeEvent } from '../../electron/core/api'
import { storyFields } from '../../electron/core/stories/story-input'
import { Browser, closeTeamServers, listen, playOne, team, until, type Played } from './team-server-helpers'
import { storyInput } from './temp-library'

afterEach(closeTeamServers)

const training = (events: ChangeEvent[]) => events.filter((e) => e.topic === 'training').length

describe('team server: training changes on the change stream', () => {
  it('tell a trainer of a new trainee and a finished session, and never another trainee', async () => {
    const { core, server, member } = await team()
    await member('ada@example.com', ['admin'])
    await member('tom@example.com', ['trainer'])
    await member('tara@example.com', ['trainee'])
    await member('cy@example.com', ['curator'])
    const tia = await member('tia@example.com', ['contributor'])
    const [ada, tom, tara, cy, tiaBrowser] = ['ada', 'tom', 'tara', 'cy', 'tia'].map(() => new Browser(server))
    for (const [browser, email] of [
      [ada, 'ada@example.com'],
      [tom, 'tom@example.com'],
      [tara, 'tara@example.com'],
      [cy, 'cy@example.com'],
      [tiaBrowser, 'tia@example.com'],
    ] as const)
      expect((await browser.login(email)).status).toBe(200)
    const [tomHears, taraHears, cyHears] = await Promise.all([listen(server, tom), listen(server, tara), listen(server, cy)])

    // Tia gets the trainee role: her record is made in that transaction, and the trainer hears of it.
    expect((await ada.call('users.setRoles', { id: tia.id, roles: ['contributor', 'trainee'] })).status).toBe(200)
    await until(() => training(tomHears.events) === 1, 'the trainer to hear of the new trainee')
    expect((await tom.call('training.team')).body.value).toEqual(
      expect.arrayContaining([expect.objectContaining({ trainee: expect.objectContaining({ email: 'tia@example.com' }) })]),
    )

    // Tia finishes a session: the trainer hears it again.
    const tiaId = (core.db.prepare('SELECT id FROM trainees WHERE user_id = ?').get(tia.id) as { id: string }).id
    const started = await tiaBrowser.call('training.start', { traineeId: tiaId, mode: 'onboarding' })
    expect(started.status).toBe(200)
    await playOne(async (input) => (await tiaBrowser.call('training.answer', input)).body.value as unknown as Played, started.body.value)
    await until(() => training(tomHears.events) === 2, 'the trainer to hear of the finished session')

    // An approved story after both, which all of them hear: each stream has delivered what came before.
    core.stories.create(storyFields.parse(storyInput(core)), 'approved')
    const storyHeard = (events: ChangeEvent[]) => events.some((e) => e.topic === 'stories')
    await until(() => [tomHears, taraHears, cyHears].every((s) => storyHeard(s.events)), 'everyone to hear the approved story')
    for (const stream of [tomHears, taraHears, cyHears]) stream.stop()
    expect(training(taraHears.events)).toBe(0)
    expect(training(cyHears.events)).toBe(0)
  })
})
