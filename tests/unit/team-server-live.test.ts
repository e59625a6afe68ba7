import { afterEach, describe, expect, it } from 'vitest'
import type { ChangeEvent } from '../../electron/core/api'
import { Browser, closeTeamServers, listen, storyBy, team, until, type Stream } from './team-server-helpers'
import { storyInput, tempCore } from './temp-library'
import { storyFields } from '../../electron/core/stories/story-input'

afterEach(closeTeamServers)

/** The stream's end, or a clear failure after `ms`. */
async function ends(stream: Stream, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`The stream was still open after ${ms} ms`)), ms)))
  await Promise.race([stream.ended, late]).finally(() => clearTimeout(timer))
}

const storyIds = (events: ChangeEvent[]) => events.filter((e) => e.topic === 'stories').flatMap((e) => e.ids ?? [])

describe('team server: the change stream per person', () => {
  it('needs a signed-in session: without one, 401', async () => {
    const { server } = await team()
    const stream = await listen(server, null)
    expect(stream.status).toBe(401)
  })

  it("curator 2 hears curator 1's approval without reloading", async () => {
    const { core, server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    await member('cy@example.com', ['curator'])
    await member('cleo@example.com', ['curator'])
    const submitted = storyBy(core, ann.id, 'submitted')
    const first = new Browser(server)
    const second = new Browser(server)
    await first.login('cy@example.com')
    await second.login('cleo@example.com')
    const stream = await listen(server, second)
    expect(stream.status).toBe(200)
    expect(await first.call('stories.setStatus', { id: submitted, status: 'approved' })).toMatchObject({ status: 200 })
    await until(() => storyIds(stream.events).includes(submitted), "the approval on curator 2's stream")
    stream.stop()
  })

  it("contributor B never hears the ids of A's drafts; A and the curators do, and B hears once it is approved", async () => {
    const { core, server, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('bo@example.com', ['contributor'])
    await member('cy@example.com', ['curator'])
    await member('tess@example.com', ['trainee'])
    const [ann, bo, cy, tess] = [new Browser(server), new Browser(server), new Browser(server), new Browser(server)]
    await ann.login('ann@example.com')
    await bo.login('bo@example.com')
    await cy.login('cy@example.com')
    await tess.login('tess@example.com')
    const [annHears, boHears, cyHears, tessHears] = await Promise.all([ann, bo, cy, tess].map((b) => listen(server, b)))

    const created = await ann.call('stories.create', { fields: storyInput(core, { title: "Ann's draft" }) })
    const draft = created.body.value!.id as string
    await ann.call('stories.update', { id: draft, fields: storyInput(core, { title: "Ann's draft, again" }) })
    const bos = await bo.call('stories.create', { fields: storyInput(core, { title: "Bo's own" }) })
    const boDraft = bos.body.value!.id as string
    // Bo's own story reaches Bo (so Bo's stream is live and in order), and Ann's drafts never did before it.
    await until(() => storyIds(boHears.events).includes(boDraft), "Bo's own story on Bo's stream")
    await until(() => storyIds(cyHears.events).includes(boDraft), "Bo's story on the curator's stream")
    expect(storyIds(boHears.events)).not.toContain(draft)
    expect(storyIds(tessHears.events)).not.toContain(draft)
    expect(storyIds(annHears.events)).not.toContain(boDraft)
    expect(storyIds(annHears.events).filter((id) => id === draft)).toHaveLength(2)
    expect(storyIds(cyHears.events).filter((id) => id === draft)).toHaveLength(2)

    // Once approved, the story is everybody's: its id reaches Bo and the trainee too.
    await ann.call('stories.update', { id: draft, fields: storyInput(core, { title: "Ann's story" }), submit: true })
    await cy.call('stories.setStatus', { id: draft, status: 'approved' })
    await until(() => storyIds(boHears.events).includes(draft), 'the approved story on Bo’s stream')
    await until(() => storyIds(tessHears.events).includes(draft), "the approved story on the trainee's stream")
    for (const s of [annHears, boHears, cyHears, tessHears]) s.stop()
  })

  it('a story that stops being approved (archived, trashed) is still named to those who saw it, so their lists let it go', async () => {
    // Approved before the server started, and one approved while it runs: both were everybody's reading.
    const library = tempCore()
    const before = library.stories.create(storyFields.parse(storyInput(library, { title: 'Approved last year' })), 'approved').id
    const { core, server, member } = await team({ core: library })
    const ann = await member('ann@example.com', ['contributor'])
    await member('bo@example.com', ['contributor'])
    await member('cy@example.com', ['curator'])
    await member('tess@example.com', ['trainee'])
    const submitted = storyBy(core, ann.id, 'submitted')
    const stillDraft = storyBy(core, ann.id)
    const [bo, cy, tess] = [new Browser(server), new Browser(server), new Browser(server)]
    await bo.login('bo@example.com')
    await cy.login('cy@example.com')
    await tess.login('tess@example.com')
    const [boHears, tessHears] = await Promise.all([listen(server, bo), listen(server, tess)])
    await cy.call('stories.setStatus', { id: submitted, status: 'approved' })
    await until(() => storyIds(boHears.events).includes(submitted), 'the approval on Bo’s stream')
    const heardBefore = boHears.events.length

    await cy.call('stories.setStatus', { id: before, status: 'archived' })
    await cy.call('stories.trash', { id: submitted })
    // A draft that was never approved changes too: still not named to them.
    await cy.call('stories.setStatus', { id: stillDraft, status: 'archived' })
    await until(
      () => storyIds(boHears.events).includes(submitted) && storyIds(boHears.events.slice(heardBefore)).includes(submitted),
      'the trashing on Bo’s stream',
    )
    for (const hears of [boHears, tessHears]) {
      await until(() => storyIds(hears.events).includes(before), 'the archiving')
      expect(storyIds(hears.events)).not.toContain(stillDraft)
    }
    // A restore changes every story at once (one change naming none): what is approved is read afresh.
    const restored = storyBy(core, ann.id)
    core.db.prepare("UPDATE stories SET status = 'approved' WHERE id = ?").run(restored)
    core.changes.publish('stories')
    await cy.call('stories.setStatus', { id: restored, status: 'archived' })
    await until(() => storyIds(tessHears.events).includes(restored), 'the archiving of a story the restore brought back approved')
    // Once gone, it is not named again.
    await cy.call('stories.restore', { id: submitted })
    await cy.call('stories.setStatus', { id: stillDraft, status: 'draft' })
    const heard = boHears.events.length
    await cy.call('stories.setStatus', { id: before, status: 'draft' })
    await new Promise((r) => setTimeout(r, 200))
    expect(storyIds(boHears.events.slice(heard))).not.toContain(before)
    boHears.stop()
    tessHears.stop()
  })

  it('a change naming several stories reaches each person narrowed to the ones they may see', async () => {
    const { core, server, member } = await team()
    const ann = await member('ann@example.com', ['contributor'])
    const bo = await member('bo@example.com', ['contributor'])
    await member('cy@example.com', ['curator'])
    const annDraft = storyBy(core, ann.id)
    const boDraft = storyBy(core, bo.id)
    const [annBrowser, cy] = [new Browser(server), new Browser(server)]
    await annBrowser.login('ann@example.com')
    await cy.login('cy@example.com')
    const [annHears, cyHears] = await Promise.all([listen(server, annBrowser), listen(server, cy)])
    core.changes.publish('stories', [annDraft, boDraft])
    await until(() => cyHears.events.length > 0 && annHears.events.length > 0, 'the change on both streams')
    expect(cyHears.events).toEqual([{ topic: 'stories', ids: [annDraft, boDraft] }])
    expect(annHears.events).toEqual([{ topic: 'stories', ids: [annDraft] }])
    annHears.stop()
    cyHears.stop()
  })

  it('signing out ends the stream at once; so does disabling the account', async () => {
    const { server, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('boss@example.com', ['admin'])
    const ann = new Browser(server)
    await ann.login('ann@example.com')
    const first = await listen(server, ann)
    const second = await listen(server, ann)
    expect((await ann.call('library.info')).status).toBe(200)
    const cookie = ann.cookie
    await ann.send('POST', '/auth/logout', {})
    // Both of the session's streams end (the test fails by timing out otherwise).
    await Promise.all([ends(first), ends(second)])
    ann.cookie = cookie
    expect((await listen(server, ann)).status).toBe(401)

    const again = new Browser(server)
    const annId = (await again.login('ann@example.com')).body.value!.user as { id: string }
    const stream = await listen(server, again)
    const boss = new Browser(server)
    await boss.login('boss@example.com')
    expect((await boss.call('users.disable', { id: annId.id })).status).toBe(200)
    await ends(stream)
  })

  it('a stream whose session expired ends at the next check', async () => {
    const { core, server, member } = await team({ streamCheckMs: 50 })
    await member('ann@example.com', ['contributor'])
    const ann = new Browser(server)
    await ann.login('ann@example.com')
    const stream = await listen(server, ann)
    core.db.prepare('UPDATE sessions SET expires_at = ?').run(new Date(Date.now() - 1000).toISOString())
    await ends(stream)
  })
})

describe('team server: two people editing one story', () => {
  it("a save on top of someone else's is refused with the conflict naming them, and neither version is lost", async () => {
    const { core, server, member } = await team()
    await member('ann@example.com', ['contributor'])
    await member('cy@example.com', ['curator'])
    const [ann, cy] = [new Browser(server), new Browser(server)]
    await ann.login('ann@example.com')
    await cy.login('cy@example.com')
    const created = await ann.call('stories.create', { fields: storyInput(core, { title: 'First words' }) })
    const id = created.body.value!.id as string
    // Both open the story: the editor keeps the version it opened (updatedAt) and saves on top of it.
    const [annOpened, cyOpened] = [await ann.call('stories.get', { id }), await cy.call('stories.get', { id })]
    const base = annOpened.body.value!.updatedAt as string
    expect(cyOpened.body.value!.updatedAt).toBe(base)

    const cySaved = await cy.call('stories.update', {
      id,
      fields: storyInput(core, { title: 'Edited by the curator' }),
      baseUpdatedAt: base,
    })
    expect(cySaved.status).toBe(200)
    const annSaved = await ann.call('stories.update', { id, fields: storyInput(core, { title: 'Edited by Ann' }), baseUpdatedAt: base })
    // The conflict names who saved in between (the editor shows the message as it comes).
    expect(annSaved).toMatchObject({ status: 409, body: { ok: false, error: { code: 'story.editedMeanwhileBy' } } })
    expect(annSaved.body.error!.message).toBe('cy saved this story after you opened it. Reload it to see their changes, then edit again.')

    // The curator's save stands, the first version is in the history, and Ann's refused save changed nothing.
    const now = await ann.call('stories.get', { id })
    expect(now.body.value).toMatchObject({ title: 'Edited by the curator', updatedAt: cySaved.body.value!.updatedAt })
    const history = (await cy.call('stories.history', { id })).body.value as unknown as { snapshot: { title: string } }[]
    expect(history.map((r) => r.snapshot.title)).toEqual(['First words'])
    // Ann reloads (the newer version) and saves on top of it.
    const again = await ann.call('stories.update', {
      id,
      fields: storyInput(core, { title: 'Edited by Ann, after reading it' }),
      baseUpdatedAt: now.body.value!.updatedAt,
    })
    expect(again).toMatchObject({ status: 200, body: { value: { title: 'Edited by Ann, after reading it' } } })
    // Ann's own save from another tab names nobody: the conflict is with herself.
    const fromOtherTab = await ann.call('stories.update', {
      id,
      fields: storyInput(core, { title: 'From a tab left open' }),
      baseUpdatedAt: now.body.value!.updatedAt,
    })
    expect(fromOtherTab.body.error?.code).toBe('story.editedMeanwhile')
  })
})
