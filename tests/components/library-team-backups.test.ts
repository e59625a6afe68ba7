import { describe, expect, it } from 'vitest'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'
import { useNoticesStore } from '../../src/stores/notices'
import LibraryView from '../../src/views/library/LibraryView.vue'
import { eventually, mountAlone, settle } from './mount-app'
import { signedInFresh, teamServer } from './team-browser'

/** The Library page of someone signed in to a real team server. */
async function openLibrary(roles: string[]) {
  const { core, server, member } = await teamServer()
  await member('someone@example.com', 'Someone', roles)
  core.stories.create(storyFields.parse(storyInput(core, { title: 'Kept by the backup' })), 'approved')
  await signedInFresh('someone@example.com')
  const { wrapper } = mountAlone(LibraryView)
  await settle()
  const notices = useNoticesStore()
  const errors = () => notices.notices.filter((n) => n.kind === 'error').map((n) => n.text)
  return { core, server, wrapper, notices, errors }
}

describe('the Library page on a team server', () => {
  it('an admin backs up now, sees the backup listed and restores it', async () => {
    const { core, wrapper, notices, errors } = await openLibrary(['admin'])
    await wrapper.find('[data-testid="backup-now"]').trigger('click')
    await eventually(() => expect(wrapper.findAll('.backups li')).toHaveLength(1))
    core.stories.create(storyFields.parse(storyInput(core, { title: 'Written after it' })), 'approved')
    await wrapper.find('.backups li button').trigger('click')
    await settle()
    const confirm = [...document.querySelectorAll('dialog button')].find((b) => b.textContent?.includes('Restore'))
    ;(confirm as HTMLButtonElement).click()
    await eventually(() => expect(core.db.prepare('SELECT title FROM stories').pluck().all()).toEqual(['Kept by the backup']))
    await eventually(() => expect(notices.notices.map((n) => n.kind)).toContain('info'))
    expect(errors()).toEqual([])
    // Still signed in after the restore: the list is read again, with the safety copy.
    await eventually(() => expect(wrapper.findAll('.backups li')).toHaveLength(2))
  })

  it('a curator uses packs and files there without the admin-only backups, and without an error', async () => {
    const { wrapper, errors } = await openLibrary(['curator'])
    expect(wrapper.find('[data-testid="export-pack"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="backup-now"]').exists()).toBe(false)
    expect(errors()).toEqual([])
  })
})
