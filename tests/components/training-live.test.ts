import { describe, expect, it } from 'vitest'
import type { ChangeEvent } from '../../electron/core/api'
import { settle } from './mount-app'
import { teamServer } from './team-browser'
import { openTeamPage, signedInAs } from './team-page'

describe('a trainer’s open training pages, on a team server', () => {
  it('show someone given the trainee role without a reload', async () => {
    const { core, server, member } = await teamServer()
    const ada = await member('ada@example.com', 'Ada', ['admin'])
    await member('tom@example.com', 'Tom', ['trainer'])
    const tia = await member('tia@example.com', 'Tia Berg', ['contributor'])
    await signedInAs('tom@example.com')
    const { wrapper, deliver } = await openTeamPage('/training/team')
    expect(wrapper.text()).not.toContain('Tia Berg')

    // What the library announces as the admin gives Tia the role, reaching the page as its stream would.
    const announced: ChangeEvent[] = []
    const stop = core.changes.subscribe((change) => announced.push(change))
    server.accounts.users.setRoles(tia.id, ['contributor', 'trainee'], ada.id)
    await new Promise((resolve) => setImmediate(resolve))
    stop()
    expect(announced).toContainEqual({ topic: 'training' })
    for (const change of announced) deliver(change)
    await settle()
    expect(wrapper.find('[data-testid="team-table"]').text()).toContain('Tia Berg')
    wrapper.unmount()
  })
})
