import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkView } from './axe-views'
import { invite, openPerson, signIn, startTeamServer, type PersonTab, type TeamServer } from './team-server'

/**
 * The views only a team server shows (sign-in, an invitation, People), checked as accessibility.test.ts
 * checks browser mode's: axe in the light and the dark theme, no sideways scrolling at 800 px.
 */
describe('accessibility of the team server views', () => {
  let server: TeamServer
  const people: PersonTab[] = []

  beforeAll(async () => {
    server = await startTeamServer()
  })

  afterAll(async () => {
    for (const person of people) await person.browser.close()
    await server?.stop()
  })

  it('finds no serious or critical axe violation and no sideways scrolling on sign-in, invitation (and a dead link) or People', async () => {
    const found: Record<string, string[]> = {}
    const admin = await openPerson(server)
    people.push(admin)
    const { page } = admin
    await page.getByRole('heading', { name: 'Sign in to Culture Book' }).waitFor()
    await checkView(admin, 'team-sign-in', found)
    // Both fields missing, each with its message; then a wrong password in the form's alert.
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('#password-error').waitFor()
    await checkView(admin, 'team-sign-in-missing', found)
    await page.getByLabel('Email address').fill(server.admin.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    await checkView(admin, 'team-sign-in-wrong', found)

    await signIn(page, server.admin.email, server.admin.password)
    await page.getByTestId('nav-people').click()
    const link = await invite(page, 'a.person.with.a.rather.long.address@example.com', ['contributor', 'trainee'])
    await checkView(admin, 'team-people', found)

    const invited = await openPerson(server, link)
    people.push(invited)
    await invited.page.getByRole('heading', { name: "Join your team's Culture Book" }).waitFor()
    await checkView(invited, 'team-invitation', found)
    await invited.page.getByRole('button', { name: 'Set password and sign in' }).click()
    await invited.page.locator('#name-error').waitFor()
    await checkView(invited, 'team-invitation-missing', found)
    // A link that no longer works says so, with what to do.
    const gone = await openPerson(server, `${server.url}#/invite/not-a-token`)
    people.push(gone)
    await gone.page.getByRole('heading', { name: 'This link no longer works' }).waitFor()
    await checkView(gone, 'team-invitation-gone', found)

    expect(found).toEqual({})
    for (const person of people) expect(person.pageErrors).toEqual([])
  })
})
