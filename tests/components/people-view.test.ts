import { describe, expect, it, vi } from 'vitest'
import PeopleView from '../../src/views/settings/PeopleView.vue'
import { formatDateTime } from '../../src/format'
import { eventually, mountAlone, mountApp, settle } from './mount-app'
import { PASSWORD, signedInFresh, teamServer } from './team-browser'

/** The People view of an admin signed in to a real team server, with a curator beside her. */
async function openPeople() {
  const { server, member, core } = await teamServer()
  const ada = await member('ada@example.com', 'Ada', ['admin'])
  const cur = await member('cur@example.com', 'Cur', ['curator'])
  await signedInFresh('ada@example.com')
  const { wrapper } = mountAlone(PeopleView)
  await eventually(() => expect(wrapper.findAll('[data-testid="people"] tbody tr')).toHaveLength(2))
  return { server, core, wrapper, ada, cur }
}

describe('the People view', () => {
  it('invites someone with roles and shows the link once, with its expiry; the link lets them in', async () => {
    const { server, wrapper } = await openPeople()
    await wrapper.find('input[name="email"]').setValue('new@example.com')
    await wrapper.find('[data-testid="invite-role-trainee"]').setValue(true)
    await wrapper.find('[data-testid="invite-role-contributor"]').setValue(false)
    await wrapper.find('form').trigger('submit')
    await eventually(() => expect(wrapper.find('[data-testid="issued-url"]').exists()).toBe(true))
    const url = (wrapper.find('[data-testid="issued-url"]').element as HTMLInputElement).value
    expect(url).toMatch(/\/#\/invite\/[\w-]{43}$/)
    await eventually(() => expect(document.activeElement).toBe(wrapper.find('[data-testid="issued-url"]').element))
    expect(wrapper.find('[data-testid="issued-link"]').text()).toMatch(/Works once, until .*\d{4}/)
    const user = await server.accounts.invitations.accept(url.split('/invite/')[1], {
      password: 'a long new passphrase',
      displayName: 'Nea',
    })
    expect(user.roles).toEqual(['trainee'])
    await settle()
    expect(wrapper.find('[data-testid="audit"]').text()).toContain('Invitation created')
  })

  it('changes roles with labelled checkboxes, keeps the last admin, disables and resets', async () => {
    const { server, wrapper, ada, cur } = await openPeople()
    const row = (email: string) => wrapper.find(`[data-testid="person-${email}"]`)
    const trainer = row('cur@example.com').find('[data-testid="role-trainer"]')
    expect(trainer.attributes('aria-label')).toBe('Trainer for Cur')
    await trainer.setValue(true)
    await eventually(() => expect(server.accounts.users.get(cur.id)!.roles).toEqual(['curator', 'trainer']))

    // Ada is the only admin: the box is refused and shows the stored role again.
    const admin = row('ada@example.com').find('[data-testid="role-admin"]')
    await admin.setValue(false)
    await settle()
    expect((admin.element as HTMLInputElement).checked).toBe(true)
    expect(server.accounts.users.get(ada.id)!.roles).toEqual(['admin'])
    // Nobody disables themselves from here.
    expect(row('ada@example.com').find('[data-testid="disable"]').exists()).toBe(false)

    await row('cur@example.com').find('[data-testid="disable"]').trigger('click')
    await eventually(() => expect(server.accounts.users.get(cur.id)!.disabledAt).not.toBeNull())
    await eventually(() => expect(row('cur@example.com').text()).toContain('Disabled'))
    await row('cur@example.com').find('[data-testid="enable"]').trigger('click')
    await eventually(() => expect(server.accounts.users.get(cur.id)!.disabledAt).toBeNull())

    await row('cur@example.com').find('[data-testid="reset"]').trigger('click')
    await eventually(() => expect(wrapper.find('[data-testid="issued-url"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="issued-link"]').text()).toContain('Cur')
    expect(server.accounts.users.get(cur.id)!.hasPassword).toBe(false)
    await eventually(() =>
      expect(wrapper.find('[data-testid="audit"]').text()).toMatch(
        /Password reset issued[\s\S]*Account enabled[\s\S]*Account disabled[\s\S]*Roles changed/,
      ),
    )
  })

  it('reads the log of reviews, imports, exports and backups in words: titles, years and counts, not ids', async () => {
    const { server, member } = await teamServer()
    const ada = await member('ada@example.com', 'Ada', ['admin'])
    const cur = await member('cur@example.com', 'Cur', ['curator'])
    const jobId = crypto.randomUUID()
    const storyId = crypto.randomUUID()
    const { audit } = server.accounts
    audit.append({ userId: cur.id, action: 'story.approved', subject: storyId, detail: { title: 'Wedding shoes, overnight' } })
    audit.append({ userId: cur.id, action: 'csv.imported', detail: { created: 2, updated: 1 } })
    audit.append({ userId: cur.id, action: 'book.exported', subject: jobId, detail: { year: 2025, format: 'pdf', preview: false } })
    audit.append({ userId: cur.id, action: 'pack.exported', subject: jobId })
    audit.append({ userId: ada.id, action: 'library.backedUp', subject: 'library-1-manual.sqlite' })
    await signedInFresh('ada@example.com')
    const { wrapper } = mountAlone(PeopleView)
    await eventually(() => expect(wrapper.findAll('[data-testid="audit"] tbody tr').length).toBeGreaterThanOrEqual(5))
    const rows = wrapper.findAll('[data-testid="audit"] tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()))
    expect(rows.slice(0, 5).map(([, who, what, concerning]) => [who, what, concerning])).toEqual([
      ['Ada', 'Backup taken', 'library-1-manual.sqlite'],
      ['Cur', 'Stories exported as a pack', ''],
      ['Cur', 'Book exported', 'The book of 2025'],
      ['Cur', 'Stories imported from CSV', 'New: 2, changed: 1'],
      ['Cur', 'Story approved', 'Wedding shoes, overnight'],
    ])
    expect(wrapper.find('[data-testid="audit"]').text()).not.toContain(jobId)
  })

  it('is linked in the sidebar for admins only', async () => {
    const { member } = await teamServer()
    await member('ada@example.com', 'Ada', ['admin'])
    await member('cur@example.com', 'Cur', ['curator'])
    // happy-dom has no EventSource; the change stream is not what this is about.
    vi.stubGlobal(
      'EventSource',
      class {
        close() {}
      },
    )
    await signedInFresh('cur@example.com')
    const curators = await mountApp('/stories')
    expect(curators.wrapper.find('[data-testid="nav-people"]').exists()).toBe(false)
    curators.wrapper.unmount()
    await signedInFresh('ada@example.com')
    const admins = await mountApp('/stories')
    expect(admins.wrapper.find('[data-testid="nav-people"]').attributes('href')).toContain('/people')
    admins.wrapper.unmount()
  })

  it('lists the invitations not taken up, with roles, expiry and who sent them; revokes one and sends an expired one again', async () => {
    const { server, core, wrapper, ada } = await openPeople()
    const ann = server.accounts.invitations.invite('ann@example.com', ['contributor', 'trainee'], ada.id)
    server.accounts.invitations.invite('tia@example.com', ['trainee'], ada.id)
    // Tia's week is over.
    core.db
      .prepare("UPDATE invitations SET expires_at = ? WHERE email = 'tia@example.com'")
      .run(new Date(Date.now() - 60_000).toISOString())
    wrapper.unmount()
    const { wrapper: page } = mountAlone(PeopleView)
    await eventually(() => expect(page.findAll('[data-testid="pending"] tbody tr')).toHaveLength(2))
    const row = (email: string) => page.find(`[data-testid="pending-${email}"]`)
    const annExpiry = server.accounts.invitations.pending().find((p) => p.email === 'ann@example.com')!.expiresAt
    expect(
      row('ann@example.com')
        .findAll('th, td')
        .map((cell) => cell.text()),
    ).toEqual(['ann@example.com', 'Contributor, Trainee', `Works until ${formatDateTime(annExpiry)}`, 'Ada', 'New linkRevoke'])
    expect(row('tia@example.com').text()).toMatch(/Expired .*\d{4}/)
    const revoke = row('ann@example.com').find('[data-testid="revoke"]')
    expect(revoke.attributes('aria-label')).toBe('Revoke the invitation for ann@example.com')

    await revoke.trigger('click')
    await eventually(() => expect(page.find('[data-testid="pending-ann@example.com"]').exists()).toBe(false))
    await expect(server.accounts.invitations.accept(ann, { password: PASSWORD, displayName: 'Ann' })).rejects.toMatchObject({
      code: 'auth.invitationInvalid',
    })
    await eventually(() => expect(page.find('[data-testid="audit"]').text()).toContain('Invitation revoked'))

    await row('tia@example.com').find('[data-testid="renew"]').trigger('click')
    await eventually(() => expect(page.find('[data-testid="issued-url"]').exists()).toBe(true))
    expect(page.find('[data-testid="issued-link"]').text()).toContain('tia@example.com')
    await eventually(() => expect(row('tia@example.com').text()).toMatch(/^tia@example\.com.*Works until/))
    const fresh = (page.find('[data-testid="issued-url"]').element as HTMLInputElement).value.split('/invite/')[1]
    expect((await server.accounts.invitations.accept(fresh, { password: PASSWORD, displayName: 'Tia' })).roles).toEqual(['trainee'])
  })
})
