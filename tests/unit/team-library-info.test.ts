import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../../electron/core/dispatch'
import { tempCore } from './temp-library'
import { Browser, closeTeamServers, team } from './team-server-helpers'

afterEach(closeTeamServers)

describe('library.info on a team server', () => {
  it('names no file on the server to anyone signed in, admins included; browser mode and the desktop app keep the path', async () => {
    const { server, core, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('ada@example.com', ['admin'])
    for (const email of ['ann@example.com', 'ada@example.com']) {
      const browser = new Browser(server)
      await browser.login(email)
      const info = await browser.call('library.info')
      expect(info.body.value, email).toEqual({ path: '', schemaVersion: core.schemaVersion, isDemo: false })
    }
    const local = tempCore()
    expect(await createDispatch(local)('library.info', {})).toMatchObject({ ok: true, value: { path: local.library.info().path } })
  })
})
