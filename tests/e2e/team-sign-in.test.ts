import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from './browser-mode'
import { acceptInvitation, invite, openPerson, signIn, startTeamServer, type PersonTab, type TeamServer } from './team-server'

/**
 * Signing in to the team server for real: the built `serve.js` on a fresh library, the built page in
 * Chromium, each person in a browser profile of their own (their own cookies). The tests run in order
 * on one server: the admin's browser signs in, out, and invites the next person.
 */
describe('team server sign-in, end to end', () => {
  let server: TeamServer
  let admin: PersonTab
  const people: PersonTab[] = []

  beforeAll(async () => {
    server = await startTeamServer()
    admin = await openPerson(server)
    people.push(admin)
  })

  afterAll(async () => {
    for (const person of people) await person.browser.close()
    await server?.stop()
  })

  it('says a wrong password beside the fields, and keeps the email', async () => {
    const { page } = admin
    // A signed-out browser lands on the sign-in page, without the library's sidebar.
    await page.getByRole('heading', { name: 'Sign in to Culture Book' }).waitFor()
    expect(page.url()).toContain('#/sign-in')
    expect(await page.locator('nav.sidebar').count()).toBe(0)
    await screenshot(page, 'team-sign-in')

    await page.getByLabel('Email address').fill(server.admin.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.getByRole('alert')
    await alert.filter({ hasText: 'The email address or the password is wrong.' }).waitFor()
    // The message sits with the form's fields, which point screen readers to it; the email stays, the password is cleared.
    expect(await page.getByLabel('Password').getAttribute('aria-describedby')).toContain('form-error')
    expect(await page.getByLabel('Email address').getAttribute('aria-describedby')).toContain('form-error')
    expect(await page.getByLabel('Email address').inputValue()).toBe(server.admin.email)
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-error')
    await screenshot(page, 'team-sign-in-wrong')
    expect(page.url()).toContain('#/sign-in')
  })

  it('signs in with the right password: the library, with the person in the sidebar', async () => {
    const { page } = admin
    await signIn(page, server.admin.email, server.admin.password)
    await page.getByText('No stories yet').waitFor()
    expect(page.url()).toContain('#/stories')
    // --create-admin names the account after its email until the person chooses a name.
    expect(await page.getByTestId('signed-in').textContent()).toContain('cora.curator')
    expect(await page.getByTestId('signed-in').locator('span').getAttribute('title')).toBe(`Signed in as ${server.admin.email}`)
    // The session cookie is not for scripts, and never leaves the site.
    const [cookie] = await admin.browser.context.cookies(server.url)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    expect(await page.evaluate(() => document.cookie)).toBe('')
  })

  it('signs out to the sign-in page, and the old session no longer works on the server', async () => {
    const { page } = admin
    const [session] = await admin.browser.context.cookies(server.url)
    await page.getByTestId('signed-in').getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Culture Book' }).waitFor()
    expect(page.url()).toContain('#/sign-in')
    expect(await admin.browser.context.cookies(server.url)).toEqual([])

    // The old cookie put back, as someone who copied it would: the server ended that session itself.
    await admin.browser.context.addCookies([session])
    const asked = await page.evaluate(async () => {
      const me = await fetch('/auth/me')
      const list = await fetch('/api/stories.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      return [me.status, list.status]
    })
    expect(asked).toEqual([401, 401])
    // And the app, opened with it, asks to sign in.
    await page.goto(new URL('/#/review', server.url).href)
    await page.getByRole('heading', { name: 'Sign in to Culture Book' }).waitFor()
    expect(decodeURIComponent(page.url())).toContain('next=/review')
  })

  it('an invitation made on the People page sets a password in another browser and signs in', async () => {
    const { page } = admin
    await signIn(page, server.admin.email, server.admin.password)
    // Back where the admin was sent from.
    await page.getByRole('heading', { name: 'Review queue' }).waitFor()
    await page.getByTestId('nav-people').click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    const link = await invite(page, 'ann.contributor@example.com', ['contributor'])
    expect(link).toMatch(new RegExp(`^${server.url}#/invite/\\S+$`))
    // An invitation is not an account yet: the audit log has it, under the address.
    await page
      .getByTestId('audit')
      .locator('tr', { hasText: 'Invitation created' })
      .filter({ hasText: 'ann.contributor@example.com' })
      .waitFor()
    expect(await page.getByTestId('person-ann.contributor@example.com').count()).toBe(0)
    await screenshot(page, 'team-people')

    // The invitation page, as the invited person first sees it.
    const preview = await openPerson(server, link)
    people.push(preview)
    await preview.page.getByRole('heading', { name: "Join your team's Culture Book" }).waitFor()
    expect(await preview.page.locator('nav.sidebar').count()).toBe(0)
    // Whom it is for, as the server tells it.
    expect(await preview.page.getByTestId('invite-for').textContent()).toBe("You're joining as ann.contributor@example.com.")
    await screenshot(preview.page, 'team-invitation')
    await preview.browser.close()
    people.pop()

    const ann = await acceptInvitation(server, link, 'Ann Berg')
    people.push(ann)
    await ann.page.getByText('No stories yet').waitFor()
    // A contributor has no People page.
    expect(await ann.page.getByTestId('nav-people').count()).toBe(0)
    // The link worked once: opened again, it says so and what to do, with no form to fill in for nothing.
    const again = await openPerson(server, link)
    people.push(again)
    await again.page.getByRole('heading', { name: 'This link no longer works' }).waitFor()
    expect(await again.page.locator('input[name=password]').count()).toBe(0)
    expect(await again.page.getByTestId('signed-in').count()).toBe(0)

    // The admin's People page, read again, shows Ann by the name she chose.
    await page.reload()
    await page.getByTestId('person-ann.contributor@example.com').filter({ hasText: 'Ann Berg' }).waitFor()
    for (const person of people) expect(person.pageErrors).toEqual([])
  })
})
