import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIdentityProvider, type IdentityProvider, type ProviderPerson } from '../unit/oidc-identity-provider'
import { checkView } from './axe-views'
import { screenshot } from './browser-mode'
import { invite, openPerson, signIn, startTeamServer, type PersonTab, type TeamServer } from './team-server'

const CLIENT = { id: 'culture-book', secret: 'oidc-client-secret-e2e-4b1d' }
const LABEL = 'Example Login'
const SIGN_IN_HEADING = 'Sign in to Culture Book'

/**
 * Single sign-on in a real browser: the built `serve.js` with `--oidc-*` options and the secret in
 * OIDC_CLIENT_SECRET, and a real OpenID Connect provider with a page of its own ("Continue"). The
 * provider's issuer is `localhost` and the team server is on `127.0.0.1`: two sites, as in use, so the
 * way back to the callback is a cross-site navigation, which leaves SameSite=Strict cookies off; the
 * callback's own page then opens the app same-origin, and from there the new Strict session cookie
 * goes along. The tests run in order, mostly in Dana's browser.
 */
describe('team server single sign-on, end to end', () => {
  let idp: IdentityProvider
  let server: TeamServer
  let admin: PersonTab
  let dana: PersonTab
  const people: PersonTab[] = []

  beforeAll(async () => {
    idp = await startIdentityProvider(CLIENT, { issuerHost: 'localhost' })
    idp.confirmPage = true
    server = await startTeamServer({
      args: ['--oidc-issuer', idp.issuer, '--oidc-client-id', CLIENT.id, '--oidc-label', LABEL],
      env: { OIDC_CLIENT_SECRET: CLIENT.secret },
    })
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    expect(new URL(idp.issuer).hostname).toBe('localhost')
    // The admin invites Dana on People; Dana never sets a password: the provider vouches for her email.
    admin = await openPerson(server)
    people.push(admin)
    await signIn(admin.page, server.admin.email, server.admin.password)
    await admin.page.goto(new URL('/#/people', server.url).href)
    await admin.page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await invite(admin.page, 'dana.holm@example.com', ['contributor'])
    dana = await openPerson(server)
    people.push(dana)
  })

  afterAll(async () => {
    for (const person of people) await person.browser.close()
    await server?.stop()
    await idp?.close()
  })

  /** Dana clicks "Sign in with …", the provider's page says who she is there, and she clicks Continue. */
  async function throughProvider(page: Page, person: ProviderPerson) {
    idp.person = person
    await page.getByRole('link', { name: `Sign in with ${LABEL}` }).click()
    await page.waitForURL((url) => url.origin === new URL(idp.issuer).origin)
    await page.getByRole('link', { name: 'Continue' }).click()
  }

  it('offers "Sign in with <label>" on the sign-in page, with no serious axe finding', async () => {
    const { page } = dana
    await page.getByRole('heading', { name: SIGN_IN_HEADING }).waitFor()
    const button = page.getByRole('link', { name: `Sign in with ${LABEL}` })
    await button.waitFor()
    expect(await button.getAttribute('href')).toBe('/auth/oidc/start?next=%2Fstories')
    await screenshot(page, 'team-sso-sign-in')

    const found: Record<string, string[]> = {}
    await checkView(dana, 'team-sso-sign-in', found)
    expect(found).toEqual({})
    await page.setViewportSize({ width: 1280, height: 860 })
  })

  it('brings an email without an account back to the sign-in page, saying so', async () => {
    const { page } = dana
    await throughProvider(page, { sub: 'stranger-at-idp', email: 'stranger@example.com', email_verified: true, name: 'Stranger' })
    await page
      .getByRole('alert')
      .filter({ hasText: 'There is no account for your email address on this server. Ask an admin for an invitation.' })
      .waitFor()
    expect(page.url()).toBe(new URL('/#/sign-in?sso=noAccount', server.url).href)
    expect(await page.getByTestId('signed-in').count()).toBe(0)
    expect(await dana.browser.context.cookies(server.url)).toEqual([])
    await screenshot(page, 'team-sso-no-account')
  })

  it('signs the invited person in through the provider, across sites, with her name in the sidebar', async () => {
    const { page } = dana
    const documents: Request[] = []
    const onRequest = (request: Request) => {
      if (request.isNavigationRequest() && new URL(request.url()).origin === new URL(server.url).origin) documents.push(request)
    }
    page.on('request', onRequest)
    await throughProvider(page, { sub: 'dana-at-idp', email: 'dana.holm@example.com', email_verified: true, name: 'Dana Holm' })
    await page.getByTestId('signed-in').filter({ hasText: 'Dana Holm' }).waitFor()
    await page.getByText('No stories yet').waitFor()
    page.off('request', onRequest)
    expect(page.url()).toBe(new URL('/#/stories', server.url).href)
    expect(await page.getByTestId('signed-in').locator('span').getAttribute('title')).toBe('Signed in as dana.holm@example.com')

    // The provider's Continue reached the callback as a cross-site navigation; the callback's page then
    // opened the app same-origin, and that request carried the new Strict cookie.
    const [callback, app] = documents.slice(-2)
    expect(new URL(callback.url()).pathname).toBe('/auth/oidc/callback')
    expect(await callback.headerValue('sec-fetch-site')).toBe('cross-site')
    expect(new URL(app.url()).pathname).toBe('/')
    expect(await app.headerValue('sec-fetch-site')).toBe('same-origin')
    expect(await app.headerValue('cookie')).toMatch(/(^|; )cb_session=/)
    const cookies = await dana.browser.context.cookies(server.url)
    expect(cookies.map((c) => c.name)).toEqual(['cb_session'])
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    expect(await page.evaluate(() => document.cookie)).toBe('')
    // She joined through her invitation, with its role: a contributor has no People page.
    expect(await page.getByTestId('nav-people').count()).toBe(0)
    await screenshot(page, 'team-sso-signed-in')
  })

  it('keeps the session on reload', async () => {
    const { page } = dana
    await page.reload()
    await page.getByTestId('signed-in').filter({ hasText: 'Dana Holm' }).waitFor()
    expect(page.url()).toBe(new URL('/#/stories', server.url).href)
    expect(await page.evaluate(async () => (await fetch('/auth/me')).status)).toBe(200)
  })

  it('signs out: the sign-in page again, and the old session no longer works on the server', async () => {
    const { page } = dana
    const [session] = await dana.browser.context.cookies(server.url)
    await page.getByTestId('signed-in').getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: SIGN_IN_HEADING }).waitFor()
    expect(await dana.browser.context.cookies(server.url)).toEqual([])
    await dana.browser.context.addCookies([session])
    expect(await page.evaluate(async () => (await fetch('/auth/me')).status)).toBe(401)
    await dana.browser.context.clearCookies()
  })

  it('signs an existing account in through the provider too', async () => {
    const { page } = dana
    await throughProvider(page, { sub: 'cora-at-idp', email: server.admin.email, email_verified: true, name: 'Cora at the provider' })
    // The account's own name, not the provider's: an existing account keeps what it has.
    await page.getByTestId('signed-in').filter({ hasText: 'cora.curator' }).waitFor()
    expect(await page.getByTestId('nav-people').count()).toBe(1)
    for (const person of people) expect(person.pageErrors).toEqual([])
  })
})
