import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { StoryStatus } from '../../electron/core/stories/story'
import { storyFields } from '../../electron/core/stories/story-input'
import { call } from '../../src/api/culture'
import { useJobsStore } from '../../src/stores/jobs'
import { storyInput } from '../unit/temp-library'
import { settle } from './mount-app'
import { teamServer } from './team-browser'
import { openTeamPage, signedInAs } from './team-page'

/** What a page offers to do: its buttons and button-like links shown, by their words (the sidebar and closed dialogs aside). */
function actions(wrapper: VueWrapper): string[] {
  return wrapper
    .find('main.content')
    .findAll('button, a.button')
    .filter((b) => b.isVisible())
    .map((b) => b.text().replace(/\s+/g, ' ').trim())
}

/** A team of a contributor, a curator, a trainer and a trainee, with Ann's draft and submitted story and Cleo's approved one. */
async function team() {
  const { core, member } = await teamServer()
  const ann = await member('ann@example.com', 'Ann', ['contributor'])
  const cleo = await member('cleo@example.com', 'Cleo', ['curator'])
  await member('tom@example.com', 'Tom', ['trainer'])
  await member('tia@example.com', 'Tia', ['trainee'])
  const story = (by: string, title: string, status: StoryStatus) =>
    core.stories.revisions.actingAs(by, () => core.stories.create(storyFields.parse(storyInput(core, { title })), status)).id
  return {
    core,
    draft: story(ann.id, "Ann's draft", 'draft'),
    submitted: story(ann.id, "Ann's submitted story", 'submitted'),
    approved: story(cleo.id, "Cleo's approved story", 'approved'),
    ownApproved: story(ann.id, "Ann's approved story", 'approved'),
  }
}

/** Each page as `email` sees it, signed in, with what it offers to do. */
async function walk(email: string, paths: string[]): Promise<string[][]> {
  await signedInAs(email)
  const seen: string[][] = []
  for (const path of paths) {
    const { wrapper } = await openTeamPage(path)
    await settle()
    seen.push(actions(wrapper))
    wrapper.unmount()
  }
  return seen
}

describe('a team server’s pages, per role', () => {
  it('offer a contributor, a trainee and a trainer only the actions the server lets them take; a curator all of them', async () => {
    const { draft, submitted, approved, ownApproved } = await team()
    const paths = [
      '/stories',
      `/stories/${draft}`,
      `/stories/${submitted}`,
      `/stories/${approved}`,
      `/stories/${ownApproved}`,
      '/values',
      '/library',
    ]
    const [list, ownDraft, ownSubmitted, othersApproved, approvedOwn, values, library] = await walk('ann@example.com', paths)
    // Ann writes: a new story, and her own draft is hers to edit, submit and trash; once submitted it is the curators'.
    expect(list).toEqual(['New story'])
    expect(ownDraft).toEqual(['Edit', 'History', 'Submit for review', 'Move to trash'])
    expect(ownSubmitted).toEqual(['History'])
    expect(othersApproved).toEqual([])
    // Her own approved story's history is hers to read (the server says which stories are hers: stories.get's mine).
    expect(approvedOwn).toEqual(['History'])
    // The values are the curators' to change, packs and files too (a page reached by its address shows nothing to do).
    expect(values).toEqual([])
    expect(library).toEqual([])

    const trainee = await walk('tia@example.com', ['/stories', `/stories/${approved}`, '/values'])
    expect(trainee).toEqual([[], [], []])
    // A trainer turns an approved recovery story into a scenario, and nothing else.
    expect((await walk('tom@example.com', [`/stories/${approved}`]))[0]).toEqual(['Make a training scenario'])

    const [curatorList, curatorSubmitted, curatorValues, curatorLibrary] = await walk('cleo@example.com', [
      '/stories',
      `/stories/${submitted}`,
      '/values',
      '/library',
    ])
    expect(curatorList).toEqual(['Export all as a pack', 'New story'])
    expect(curatorSubmitted).toEqual(['Edit', 'History', 'Approve', 'Archive', 'Move to trash'])
    expect(curatorValues).toEqual(expect.arrayContaining(['Add a value', 'Edit', 'Delete']))
    expect(curatorLibrary).toEqual(expect.arrayContaining(['Export all stories', 'Export CSV']))
  })

  it('name the server the library is on in the sidebar, never its file on the server', async () => {
    const { core, member } = await teamServer()
    await member('ann@example.com', 'Ann', ['contributor'])
    await signedInAs('ann@example.com')
    const { wrapper } = await openTeamPage('/stories')
    const path = core.library.info().path
    expect(wrapper.find('nav.sidebar').text()).not.toContain(path)
    expect(wrapper.find('nav.sidebar').html()).not.toContain(path)
    const host = wrapper.find('[data-testid="library-host"]')
    expect(host.text()).toBe(window.location.host)
    expect(host.attributes('title')).toBe(`Team library at ${window.location.host}`)
  })

  it('hand a finished export over as a download, without the file’s path on the server', async () => {
    const { core, member } = await teamServer()
    await member('cleo@example.com', 'Cleo', ['curator'])
    core.stories.create(storyFields.parse(storyInput(core)), 'approved')
    await signedInAs('cleo@example.com')
    const { wrapper } = await openTeamPage('/library')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Export CSV')!
      .trigger('click')
    await settle()
    // The change stream is the test's stub: the job's end is read from the server instead.
    const jobs = useJobsStore()
    const id = Object.keys(jobs.jobs)[0]
    await expect
      .poll(
        async () => {
          jobs.update(await call('jobs.get', { id }))
          return jobs.jobs[id].state
        },
        { timeout: 10_000 },
      )
      .toBe('done')
    await settle()
    const written = (jobs.jobs[id].result as { path: string }).path
    const page = wrapper.find('main.content')
    expect(page.text()).toContain('Your file is ready:')
    expect(page.text()).not.toContain(written)
    expect(page.text()).not.toContain(core.library.info().path)
    expect(page.findAll('button').map((b) => b.text())).toContain('Download')
  })
})
