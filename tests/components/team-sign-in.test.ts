import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { loadSession, teamSession } from '../../src/api/team-session'
import { formatDateTime } from '../../src/format'
import { setLocale } from '../../src/i18n'
import { eventually, settle } from './mount-app'
import { PASSWORD, teamServer } from './team-browser'
import { openTeamPage, signedInAs } from './team-page'

type Page = Awaited<ReturnType<typeof openTeamPage>>['wrapper']

/** Sends the form and waits for the answer: the server hashes the password (argon2) before it gives one. */
async function submit(wrapper: Page) {
  await wrapper.find('form').trigger('submit')
  await eventually(() => expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeUndefined())
  await settle()
}

async function signInWith(wrapper: Page, email: string, password: string) {
  await wrapper.find('input[name="email"]').setValue(email)
  await wrapper.find('input[name="password"]').setValue(password)
  await submit(wrapper)
}

describe('signing in to a team server', () => {
  it('sends a signed-out page to the sign-in view, alone, and names what is missing with focus on the first', async () => {
    await teamServer()
    const { wrapper, router } = await openTeamPage('/review')
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.next).toBe('/review')
    expect(wrapper.find('nav.sidebar').exists()).toBe(false)
    expect(wrapper.find('h1').text()).toBe('Sign in to Culture Book')
    // Labels name the inputs for screen readers.
    expect(wrapper.find('label input[name="email"]').element.closest('label')!.textContent).toContain('Email address')

    await submit(wrapper)
    const email = wrapper.find('input[name="email"]')
    expect(wrapper.find('#email-error').text()).toBe('Enter your email address.')
    expect(wrapper.find('#password-error').text()).toBe('Enter your password.')
    expect(email.attributes('aria-invalid')).toBe('true')
    expect(email.attributes('aria-describedby')).toBe('email-error')
    expect(document.activeElement).toBe(email.element)
  })

  it('says a wrong password, then a locked account with its minutes, in a focused alert the inputs point to', async () => {
    const { member } = await teamServer()
    await member('ann@example.com', 'Ann', ['contributor'])
    const { wrapper } = await openTeamPage('/sign-in')

    await signInWith(wrapper, 'ann@example.com', 'wrong horse battery')
    const alert = () => wrapper.find('#form-error')
    expect(alert().attributes('role')).toBe('alert')
    expect(alert().text()).toBe('The email address or the password is wrong.')
    expect(document.activeElement).toBe(alert().element)
    expect(wrapper.find('input[name="password"]').attributes('aria-describedby')).toBe('form-error')
    expect((wrapper.find('input[name="password"]').element as HTMLInputElement).value).toBe('')

    for (let i = 0; i < 4; i++) await signInWith(wrapper, 'ann@example.com', 'wrong horse battery')
    expect(alert().text()).toBe('Too many wrong passwords: this account is locked. Try again in 15 minutes.')
    // Even the right password waits out the lock.
    await signInWith(wrapper, 'ann@example.com', PASSWORD)
    expect(alert().text()).toMatch(/locked\. Try again in 1[45] minutes\.$/)
  })

  it('says when the address has tried too often, in the chosen language', async () => {
    const { member } = await teamServer({ attemptsPerMinute: 1 })
    await member('ann@example.com', 'Ann', ['contributor'])
    const { wrapper } = await openTeamPage('/sign-in')
    setLocale('da')
    await signInWith(wrapper, 'ann@example.com', 'wrong horse battery')
    expect(wrapper.find('#form-error').text()).toBe('E-mailadressen eller adgangskoden er forkert.')
    await signInWith(wrapper, 'ann@example.com', PASSWORD)
    expect(wrapper.find('#form-error').text()).toBe('For mange loginforsøg fra denne adresse. Vent et minut, og prøv igen.')
  })

  it('signs in with the session cookie, then opens the app where the person was going, on a fresh page', async () => {
    const { member, sent, reloads } = await teamServer()
    await member('ann@example.com', 'Ann', ['contributor'])
    const { wrapper } = await openTeamPage('/training')
    await signInWith(wrapper, ' ann@example.com ', PASSWORD)
    expect(window.location.hash).toBe('#/training')
    expect(reloads).toHaveBeenCalledTimes(1)
    // Until the fresh page shows the app, this one stays the sign-in page: no sidebar, no library asked for.
    expect(teamSession.user).toBeNull()
    expect(wrapper.find('nav.sidebar').exists()).toBe(false)
    // No password or token in anything but the sign-in's body. The sign-in page asks whether the server offers single
    // sign-on (public, nothing sent).
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /auth/me',
      'POST /api/settings.get',
      'GET /auth/sso',
      'POST /auth/login',
    ])
    // The fresh page's first question finds the session the sign-in started.
    expect(await loadSession()).toMatchObject({ email: 'ann@example.com', displayName: 'Ann', roles: ['contributor'] })
  })

  it('once signed in: calls carry the cookie and the CSRF token instead of a token, the change stream has no token, the sidebar shows the person and signs out', async () => {
    const { member, sent, reloads, server } = await teamServer()
    await member('cleo@example.com', 'Cleo Curator', ['curator'])
    // The page of a person who signed in before.
    await signedInAs('cleo@example.com')
    const { wrapper, router, events } = await openTeamPage('/stories')
    expect(router.currentRoute.value.name).toBe('stories')
    expect(wrapper.find('nav.sidebar').exists()).toBe(true)
    const info = sent.find((s) => s.path === '/api/library.info')!
    expect(info.headers['x-csrf-token']).toBe(teamSession.csrfToken)
    expect(info.headers.cookie).toMatch(/^cb_session=/)
    expect(info.headers['x-culture-token']).toBeUndefined()
    expect(events).toEqual(['/api/events'])

    const foot = wrapper.find('[data-testid="signed-in"]')
    expect(foot.text()).toContain('Cleo Curator')
    expect(foot.find('span').attributes('title')).toBe('Signed in as cleo@example.com')
    await foot.find('button').trigger('click')
    await settle()
    expect(sent.at(-1)).toMatchObject({ method: 'POST', path: '/auth/logout' })
    expect(window.location.hash).toBe('#/sign-in')
    expect(reloads).toHaveBeenCalledTimes(1)
    expect(server.accounts.sessions.validate(info.headers.cookie.slice('cb_session='.length))).toBeNull()
  })

  it('offers each person only the pages and palette actions their roles lead to (browser mode shows all)', async () => {
    const { member } = await teamServer()
    await member('ann@example.com', 'Ann', ['contributor'])
    await member('tia@example.com', 'Tia', ['trainee'])
    await member('cleo@example.com', 'Cleo', ['curator', 'admin'])
    const links = async (email: string) => {
      await signedInAs(email)
      const { wrapper } = await openTeamPage('/settings')
      const names = wrapper.findAll('nav.sidebar a.nav-link').map((a) => a.attributes('href'))
      // The palette's actions about the book: going to it and exporting it.
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, cancelable: true, bubbles: true }))
      await settle()
      await wrapper.find('[data-testid="palette-input"]').setValue('book')
      await settle()
      bookActions.push(wrapper.findAll('[data-testid="palette-option"] .palette-option-title').map((o) => o.text()))
      wrapper.unmount()
      return names
    }
    const bookActions: string[][] = []
    expect(await links('ann@example.com')).toEqual(['/stories', '/values', '/trash', '/settings'])
    expect(await links('tia@example.com')).toEqual(['/stories', '/training', '/values', '/settings'])
    expect(await links('cleo@example.com')).toEqual([
      '/stories',
      '/review',
      '/insights',
      '/book',
      '/values',
      '/library',
      '/trash',
      '/settings',
      '/people',
    ])
    expect(bookActions[0]).toEqual([])
    expect(bookActions[1]).toEqual([])
    expect(bookActions[2]).toEqual(expect.arrayContaining([expect.stringMatching(/export/i), expect.stringMatching(/book/i)]))
  })

  it('leads a page whose session ended elsewhere to the sign-in view, to come back after', async () => {
    const { member, server } = await teamServer()
    const ann = await member('ann@example.com', 'Ann', ['contributor'])
    await signedInAs('ann@example.com')
    const { router } = await openTeamPage('/stories')
    await router.push('/search?q=courier')
    await settle()
    // Signed out everywhere (an admin's reset, another tab's Sign out).
    server.accounts.sessions.revokeAll(ann.id, null)
    await window.culture.call('library.info', {})
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.next).toBe('/search?q=courier')
  })
})

describe('an invitation link', () => {
  it('takes a name and a password, says what the password lacks under it, then signs the new person in', async () => {
    const { member, server, reloads } = await teamServer()
    const admin = await member('ada@example.com', 'Ada', ['admin'])
    const token = server.accounts.invitations.invite('ben@example.com', ['contributor'], admin.id)
    const { wrapper, router } = await openTeamPage(`/invite/${token}`)
    expect(router.currentRoute.value.name).toBe('invite')
    expect(wrapper.find('h1').text()).toBe("Join your team's Culture Book")
    // Whom the link is for, and until when, as the server tells it.
    const expiresAt = server.accounts.invitations.pending()[0].expiresAt
    expect(wrapper.find('[data-testid="invite-for"]').text()).toBe("You're joining as ben@example.com.")
    expect(wrapper.text()).toContain(`This link works until ${formatDateTime(expiresAt)}.`)
    // In the person's language too.
    setLocale('da')
    await settle()
    expect(wrapper.find('[data-testid="invite-for"]').text()).toBe('Du bliver medlem som ben@example.com.')
    setLocale('en')
    await settle()

    await wrapper.find('input[name="name"]').setValue('Ben')
    await wrapper.find('input[name="password"]').setValue('short')
    await submit(wrapper)
    const password = wrapper.find('input[name="password"]')
    expect(wrapper.find('#password-error').text()).toMatch(/^The password is too short: use at least \d+ characters\.$/)
    expect(password.attributes('aria-describedby')).toBe('password-error')
    expect(document.activeElement).toBe(password.element)

    await password.setValue(PASSWORD)
    // Signed in, the page starts afresh (a reload the test records): the link, used now, would say so.
    await wrapper.find('form').trigger('submit')
    await eventually(() => expect(reloads).toHaveBeenCalledTimes(1))
    // The fresh page finds him signed in.
    expect(await loadSession()).toMatchObject({ email: 'ben@example.com', displayName: 'Ben', roles: ['contributor'] })
    expect(window.location.hash).toBe('#/stories')
  })

  it('says a wrong, used or expired link no longer works and what to do, without a form to fill in for nothing', async () => {
    await teamServer()
    const { wrapper } = await openTeamPage('/invite/not-a-token')
    await eventually(() => expect(wrapper.find('[data-testid="invitation-gone"]').exists()).toBe(true))
    expect(wrapper.find('h1').text()).toBe('This link no longer works')
    expect(wrapper.text()).toContain('Ask the admin who invited you for a new one')
    expect(wrapper.find('form').exists()).toBe(false)
    expect(wrapper.find('[data-testid="invitation-gone"] a').attributes('href')).toBe('/sign-in')
  })

  it('says in the form when the link stopped working while it was open', async () => {
    const { member, server } = await teamServer()
    const admin = await member('ada@example.com', 'Ada', ['admin'])
    const token = server.accounts.invitations.invite('ben@example.com', ['contributor'], admin.id)
    const { wrapper } = await openTeamPage(`/invite/${token}`)
    // Taken back by an admin meanwhile.
    const [pending] = server.accounts.invitations.pending()
    server.accounts.invitations.revoke(pending.id, admin.id)
    await wrapper.find('input[name="name"]').setValue('Ben')
    await wrapper.find('input[name="password"]').setValue(PASSWORD)
    await submit(wrapper)
    expect(wrapper.find('#form-error').text()).toBe(
      'This link no longer works: it was used, has expired or is wrong. Ask an admin for a new one.',
    )
  })
})
