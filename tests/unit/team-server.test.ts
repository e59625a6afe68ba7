import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { startWebServer } from '../../electron/web/web-server'
import { createDispatch } from '../../electron/core/dispatch'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'
import { Browser, closeTeamServers, PASSWORD, storyBy, team } from './team-server-helpers'

afterEach(closeTeamServers)

describe('team server: sign-in', () => {
  it('sets cb_session HttpOnly, SameSite=Strict, Secure, and /auth/me answers who is signed in', async () => {
    const { server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    const browser = new Browser(server)
    const login = await browser.login('ann@example.com')
    expect(login.status).toBe(200)
    const cookie = login.cookies.find((c) => c.startsWith('cb_session='))!
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Strict/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; Path=\//)
    const me = await browser.send('GET', '/auth/me')
    expect(me.body.value!.user).toEqual({ id: ann.id, email: 'ann@example.com', displayName: 'ann', roles: ['contributor'] })
    expect(me.body.value!.csrfToken).toBe(browser.csrf)
    expect(JSON.stringify(me.body)).not.toContain('argon2')
  })

  it('leaves Secure off only with --insecure-http', async () => {
    const { server, member } = await team({ insecureHttp: true })
    await member('ann@example.com', ['contributor'])
    const login = await new Browser(server).login('ann@example.com')
    expect(login.cookies.find((c) => c.startsWith('cb_session='))).not.toMatch(/Secure/)
  })

  it('locks the account after 5 wrong passwords, even for the right one next', async () => {
    const { server, member } = await team()
    await member('ann@example.com', ['contributor'])
    const browser = new Browser(server)
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await browser.login('ann@example.com', 'wrong password here'))
    expect(answers.slice(0, 4).map((a) => a.body.error?.code)).toEqual(Array(4).fill('auth.badLogin'))
    expect(answers[4]).toMatchObject({ status: 401, body: { error: { code: 'auth.locked' } } })
    const right = await browser.login('ann@example.com')
    expect(right.body.error?.code).toBe('auth.locked')
    expect(browser.cookie).toBeNull()
  })

  it('slows sign-in per address: past the limit a minute, 429', async () => {
    const { server } = await team({ attemptsPerMinute: 3 })
    const browser = new Browser(server)
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await browser.login('nobody@example.com', 'wrong password here')).status)
    expect(statuses).toEqual([401, 401, 401, 429])
  })

  it('logout ends the session on the server: the old cookie opens nothing', async () => {
    const { server, member } = await team()
    await member('ann@example.com', ['contributor'])
    const browser = new Browser(server)
    await browser.login('ann@example.com')
    const copy = browser.cookie!
    expect((await browser.call('library.info')).status).toBe(200)
    const out = await browser.send('POST', '/auth/logout', {})
    expect(out.status).toBe(200)
    browser.cookie = copy
    expect((await browser.send('GET', '/auth/me')).status).toBe(401)
    expect(await browser.call('library.info')).toMatchObject({ status: 401, body: { error: { code: 'auth.signInRequired' } } })
  })

  it('never keeps a session cookie from before sign-in (fixation)', async () => {
    const { server, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('eve@example.com', ['contributor'])
    const attacker = new Browser(server)
    await attacker.login('eve@example.com')
    const planted = attacker.cookie!
    const victim = new Browser(server)
    victim.cookie = planted
    await victim.login('ann@example.com')
    expect(victim.cookie).not.toBe(planted)
    attacker.cookie = planted
    expect((await attacker.send('GET', '/auth/me')).status).toBe(401)
  })

  it('answers /health without sign-in, and logs one line per request without secrets', async () => {
    const { core, server, lines, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    const health = await fetch(new URL('/health', server.url))
    expect(await health.json()).toEqual({ ok: true, schemaVersion: core.schemaVersion })
    await new Browser(server).login('ann@example.com')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const entries = lines.map((line) => JSON.parse(line))
    expect(entries).toContainEqual(expect.objectContaining({ path: '/health', method: 'GET', status: 200, userId: null }))
    expect(entries).toContainEqual(expect.objectContaining({ path: '/auth/login', status: 200, userId: ann.id, ms: expect.any(Number) }))
    expect(lines.join('\n')).not.toContain(PASSWORD)
  })
})

describe('team server: CSRF and origins', () => {
  it('refuses a state-changing call without the CSRF token, with a wrong one, or from another Origin', async () => {
    const { server, member } = await team()
    await member('ann@example.com', ['curator'])
    const browser = new Browser(server)
    await browser.login('ann@example.com')
    const csrf = browser.csrf!
    browser.csrf = null
    expect(await browser.call('values.list')).toMatchObject({ status: 403, body: { error: { code: 'auth.csrfInvalid' } } })
    browser.csrf = csrf.slice(1) + 'A'
    expect((await browser.call('values.list')).status).toBe(403)
    browser.csrf = csrf
    expect((await browser.call('values.list')).status).toBe(200)
    browser.origin = 'https://evil.example'
    expect(await browser.call('values.list')).toMatchObject({ status: 403, body: { error: { code: 'web.otherOrigin' } } })
    expect((await browser.send('POST', '/auth/logout', {})).status).toBe(403)
    // No Origin at all on a POST: refused too.
    const bare = await fetch(new URL('/api/values.list', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: browser.cookie!, 'x-csrf-token': csrf },
      body: '{}',
    })
    expect(bare.status).toBe(403)
  })

  it('answers only at its public URL: another Host header is refused', async () => {
    const { server } = await team()
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url)
      request({ host: url.hostname, port: url.port, path: '/health', headers: { host: 'evil.example' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
        .on('error', reject)
        .end()
    })
    expect(status).toBe(403)
  })

  it('behind a trusted proxy: the public host comes from X-Forwarded-Host, the limit counts X-Forwarded-For', async () => {
    const { server } = await team({ publicUrl: 'https://books.example.com', trustProxy: true, attemptsPerMinute: 2 })
    const browser = new Browser(server, 'https://books.example.com')
    const proxied = (client: string) => ({ 'x-forwarded-host': 'books.example.com', 'x-forwarded-for': client })
    const wrong = { email: 'nobody@example.com', password: 'wrong password here' }
    const statuses = async (client: string) => {
      const answers = []
      for (let i = 0; i < 3; i++) answers.push((await browser.send('POST', '/auth/login', wrong, proxied(client))).status)
      return answers
    }
    expect(await statuses('203.0.113.7')).toEqual([401, 401, 429])
    // Another person behind the same proxy is not slowed by the first.
    expect(await statuses('198.51.100.9')).toEqual([401, 401, 429])
    // Without the proxy's header the Host is 127.0.0.1:<port>, not the public one.
    expect((await browser.send('POST', '/auth/login', wrong)).status).toBe(403)
  })

  it('browser mode keeps its token: foreign Origin refused, no session cookie accepted instead', async () => {
    const core = tempCore()
    const web = await startWebServer({ dispatch: createDispatch(core), changes: core.changes, rendererDir: tempDir() })
    try {
      const call = (headers: Record<string, string>) =>
        fetch(`${web.url}api/library.info`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })
      expect((await call({ 'x-culture-token': web.token, origin: 'https://evil.example' })).status).toBe(403)
      expect((await call({ cookie: 'cb_session=anything' })).status).toBe(401)
      expect((await call({ 'x-culture-token': web.token })).status).toBe(200)
    } finally {
      await web.close()
    }
  })
})

describe('team server: roles on every call', () => {
  it('needs a session for the contract: 401', async () => {
    const { server } = await team()
    expect(await new Browser(server).call('library.info')).toMatchObject({ status: 401, body: { error: { code: 'auth.signInRequired' } } })
  })

  it('a contributor cannot approve, export or read another draft; a curator can', async () => {
    const { core, server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    const bo = await member('bo@example.com', ['contributor'])
    await member('cur@example.com', ['curator'])
    const bosDraft = storyBy(core, bo.id)
    const annsSubmitted = storyBy(core, ann.id, 'submitted')
    const contributor = new Browser(server)
    await contributor.login('ann@example.com')
    const curator = new Browser(server)
    await curator.login('cur@example.com')

    const approve = { id: annsSubmitted, status: 'approved' }
    expect(await contributor.call('stories.setStatus', approve)).toMatchObject({ status: 403, body: { error: { code: 'auth.forbidden' } } })
    expect((await contributor.call('book.export', { year: 1990, format: 'pdf' })).status).toBe(403)
    expect((await contributor.call('stories.get', { id: bosDraft })).status).toBe(403)
    expect(core.stories.get(annsSubmitted).status).toBe('submitted')

    expect((await curator.call('stories.get', { id: bosDraft })).status).toBe(200)
    expect(await curator.call('stories.setStatus', approve)).toMatchObject({ status: 200, body: { value: { status: 'approved' } } })
    // Past the permission table: the export itself answers (a year without stories prints nothing).
    expect(await curator.call('book.export', { year: 1990, format: 'pdf' })).toMatchObject({
      status: 400,
      body: { error: { code: 'book.noStories' } },
    })
  })

  it('a trainee lists approved stories only, whatever the filter asks', async () => {
    const { core, server, member } = await team()
    await member('tia@example.com', ['trainee'])
    const ann = await member('ann@example.com', ['contributor'])
    const draft = storyBy(core, ann.id)
    core.stories.setStatus(storyBy(core, ann.id, 'submitted'), 'approved')
    const trainee = new Browser(server)
    await trainee.login('tia@example.com')
    const ids = async (query: object) =>
      ((await trainee.call('stories.list', query)).body.value!.items as { id: string; status: string }[]).map((s) => s.status)
    expect(await ids({ status: 'draft' })).toEqual([])
    expect(core.stories.get(draft).status).toBe('draft')
    expect(new Set(await ids({}))).toEqual(new Set(['approved']))
    expect(await ids({ trashed: true })).toEqual([])
  })

  it('takes up an invitation, then signs in with the chosen password', async () => {
    const { server, member } = await team()
    const admin = await member('root@example.com', ['admin'])
    const token = server.accounts.invitations.invite('new@example.com', ['trainee'], admin.id)
    const browser = new Browser(server)
    const accepted = await browser.send('POST', '/auth/accept-invitation', { token, password: 'a long new passphrase', displayName: 'New' })
    expect(accepted.body.value).toMatchObject({ email: 'new@example.com', roles: ['trainee'] })
    expect((await browser.login('new@example.com', 'a long new passphrase')).status).toBe(200)
    const again = await browser.send('POST', '/auth/accept-invitation', { token, password: 'a long new passphrase' })
    expect(again.body.error?.code).toBe('auth.invitationInvalid')
  })
})

describe('team server: authorship from the session', () => {
  it('a contributor creates, edits and submits their own story; its author and history name them', async () => {
    const { core, server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    await member('cid@example.com', ['curator'])
    const browser = new Browser(server)
    await browser.login('ann@example.com')
    const created = await browser.call('stories.create', { fields: storyInput(core, { title: 'Ann wrote this' }) })
    expect(created.body.ok).toBe(true)
    const id = created.body.value!.id as string
    expect(core.db.prepare('SELECT created_by FROM stories WHERE id = ?').pluck().get(id)).toBe(ann.id)

    const edited = await browser.call('stories.update', { id, fields: storyInput(core, { title: 'Ann rewrote this' }) })
    expect(edited.body.ok).toBe(true)
    const submitted = await browser.call('stories.setStatus', { id, status: 'submitted' })
    expect(submitted.body.value!.status).toBe('submitted')

    // The curator approves; the history names each person whose change followed a version.
    const curator = new Browser(server)
    await curator.login('cid@example.com')
    expect((await curator.call('stories.setStatus', { id, status: 'approved' })).body.ok).toBe(true)
    const history = (await curator.call('stories.history', { id })).body.value as unknown as { reason: string; changedBy?: string }[]
    expect(history.map((r) => r.changedBy)).toEqual(['cid', 'ann', 'ann'])
  })

  it('browser mode names nobody: created_by and the history stay empty', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const created = await dispatch('stories.create', { fields: storyInput(core) })
    const id = (created as { value: { id: string } }).value.id
    await dispatch('stories.setStatus', { id, status: 'submitted' })
    expect(core.db.prepare('SELECT created_by FROM stories WHERE id = ?').pluck().get(id)).toBeNull()
    const history = (await dispatch('stories.history', { id })) as { value: Record<string, unknown>[] }
    expect(history.value).toHaveLength(1)
    expect(history.value[0]).not.toHaveProperty('changedBy')
  })
})

describe('team server: each person sees their part of the library', () => {
  it("A's draft is A's and the curators': invisible to B in list, search, get and facets", async () => {
    const { core, server, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('bob@example.com', ['contributor'])
    await member('cid@example.com', ['curator'])
    const [ann, bob, cid] = [new Browser(server), new Browser(server), new Browser(server)]
    await Promise.all([ann.login('ann@example.com'), bob.login('bob@example.com'), cid.login('cid@example.com')])
    const fields = storyInput(core, { title: 'Zebracrossing ferry rescue', team: 'Ferry desk' })
    const id = (await ann.call('stories.create', { fields })).body.value!.id as string
    await core.search.query('zebracrossing', {}, 0, 1) // the index has caught up with the new story

    const listed = async (who: Browser, query: object = {}) =>
      ((await who.call('stories.list', query)).body.value!.items as { id: string }[]).some((s) => s.id === id)
    const found = async (who: Browser, mine?: boolean) =>
      ((await who.call('search.query', { text: 'zebracrossing', mine })).body.value!.results as { id: string }[]).some((s) => s.id === id)
    const facets = async (who: Browser) =>
      (await who.call('stories.facets')).body.value as { statusCounts: Record<string, number>; teams: string[] }

    expect([await listed(ann), await listed(bob), await listed(cid)]).toEqual([true, false, true])
    expect([await listed(ann, { status: 'draft' }), await listed(bob, { status: 'draft' })]).toEqual([true, false])
    expect([await found(ann), await found(bob), await found(cid)]).toEqual([true, false, true])
    expect((await bob.call('stories.get', { id })).status).toBe(403)
    expect((await ann.call('stories.get', { id })).status).toBe(200)
    expect((await facets(ann)).statusCounts.draft).toBe(1)
    expect((await facets(bob)).statusCounts.draft).toBe(0)
    expect((await facets(bob)).teams).not.toContain('Ferry desk')
    expect((await facets(cid)).statusCounts.draft).toBe(1)

    // "Mine": only one's own stories, approved ones of others left out.
    const mine = (await ann.call('stories.list', { mine: true })).body.value!.items as { id: string }[]
    expect(mine.map((s) => s.id)).toEqual([id])
    expect(await listed(bob, { mine: true })).toBe(false)
    expect([await found(ann, true), await found(cid, true)]).toEqual([true, false])
  })

  it('similar stories leave out the drafts of others', async () => {
    const { core, server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    await member('bob@example.com', ['contributor'])
    await member('cid@example.com', ['curator'])
    const text = { title: 'Quokka parcel rerouted overnight', body: 'The quokka parcel went north; we rerouted it overnight.' }
    const approved = storyBy(core, ann.id, 'submitted')
    core.stories.update(approved, storyFields.parse(storyInput(core, text)))
    core.stories.setStatus(approved, 'approved')
    const draft = storyBy(core, ann.id)
    core.stories.update(draft, storyFields.parse(storyInput(core, text)))
    await core.search.query('quokka', {}, 0, 1) // the index has caught up
    const similar = async (email: string) => {
      const browser = new Browser(server)
      await browser.login(email)
      const answer = (await browser.call('search.similar', { id: approved })).body.value as unknown as { id: string }[]
      return answer.some((s) => s.id === draft)
    }
    expect([await similar('ann@example.com'), await similar('bob@example.com'), await similar('cid@example.com')]).toEqual([
      true,
      false,
      true,
    ])
  })

  it('browser mode ignores mine and lists every story, as before', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    // One story of someone's on the team, one of nobody's: browser mode lists both, "mine" or not.
    const someone = openAccounts(core.db).users.create(
      { email: 'ann@example.com', displayName: 'Ann', passwordHash: null, roles: [] },
      null,
    )
    storyBy(core, someone.id)
    await dispatch('stories.create', { fields: storyInput(core), status: 'submitted' })
    const all = (await dispatch('stories.list', {})) as { value: { total: number } }
    const mine = (await dispatch('stories.list', { mine: true })) as { value: { total: number } }
    const facets = (await dispatch('stories.facets', {})) as { value: { statusCounts: Record<string, number> } }
    expect(all.value.total).toBeGreaterThan(0)
    expect(mine.value.total).toBe(all.value.total)
    expect(Object.values(facets.value.statusCounts).reduce((a, b) => a + b, 0)).toBe(all.value.total)
  })
})
