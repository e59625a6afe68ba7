import { Configuration } from 'openid-client'
import { describe, expect, it } from 'vitest'
import { setLocale } from '../../src/i18n'
import SignIn from '../../src/views/auth/SignIn.vue'
import { eventually, mountAlone, settle } from './mount-app'
import { teamServer } from './team-browser'

/**
 * The sign-in page of a team server with single sign-on (the provider as discovery would describe it:
 * the page never talks to it; tests/unit/team-server-oidc.test.ts runs the whole flow against a real one).
 */
async function signInPage(path: string, { sso = true } = {}) {
  const issuer = 'https://login.example.com'
  const metadata = { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` }
  await teamServer({ oidc: sso ? { config: new Configuration(metadata, 'culture-book'), label: 'Staff login' } : undefined })
  const { wrapper, router } = mountAlone(SignIn)
  await router.push(path)
  await settle()
  return wrapper
}

describe('single sign-on on the sign-in page', () => {
  it('offers "Sign in with <label>", a link that starts at the server and comes back where the person was going', async () => {
    const wrapper = await signInPage('/sign-in?next=/review')
    await eventually(() => expect(wrapper.find('.sso a').exists()).toBe(true))
    const link = wrapper.find('.sso a')
    expect(link.text()).toBe('Sign in with Staff login')
    expect(link.attributes('href')).toBe('/auth/oidc/start?next=%2Freview')
    // The password form is still there, first.
    expect(wrapper.find('input[name="password"]').exists()).toBe(true)
    expect(wrapper.find('#form-error').exists()).toBe(false)
  })

  it('shows no button on a server without single sign-on', async () => {
    const wrapper = await signInPage('/sign-in', { sso: false })
    await settle()
    expect(wrapper.find('.sso').exists()).toBe(false)
  })

  it('says why single sign-on sent the person back, in a focused alert, in their language', async () => {
    const wrapper = await signInPage('/sign-in?sso=noAccount')
    const alert = wrapper.find('#form-error')
    expect(alert.attributes('role')).toBe('alert')
    expect(alert.text()).toBe('There is no account for your email address on this server. Ask an admin for an invitation.')
    expect(document.activeElement).toBe(alert.element)
    expect(wrapper.find('input[name="email"]').attributes('aria-describedby')).toBe('form-error')

    setLocale('sv')
    await wrapper.vm.$router.push('/sign-in?sso=disabled')
    await settle()
    expect(wrapper.find('#form-error').text()).toBe(
      'Ditt konto på den här servern är inaktiverat. Fråga en administratör om du behöver det igen.',
    )
    await wrapper.vm.$router.push('/sign-in?sso=made-up')
    await settle()
    expect(wrapper.find('#form-error').text()).toBe(
      'Ditt konto på den här servern är inaktiverat. Fråga en administratör om du behöver det igen.',
    )
  })
})
