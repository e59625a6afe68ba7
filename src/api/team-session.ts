import type { InvitationFacts } from '@core/accounts/people-types'
import type { ApiResponse } from '@core/api'
import { reactive } from 'vue'
import type { Router } from 'vue-router'
import { createHttpBridge, requestServer } from './http-bridge'

/** The signed-in person, as GET /auth/me and POST /auth/login tell it (electron/server/auth-routes.ts). */
export interface Person {
  id: string
  email: string
  displayName: string
  roles: string[]
}

interface Me {
  user: Person
  csrfToken: string
  /** The contract methods this person may call at all (page-access.ts shows only those pages). */
  methods: string[]
}

/** The `<meta>` the team server writes into index.html (electron/web/renderer-static.ts). */
const MODE_META = 'meta[name="culture-server"]'

/** True on a page the team server served: sign-in and a session instead of browser mode's token. */
export function isTeamServer(): boolean {
  return document.querySelector(MODE_META)?.getAttribute('content') === 'team'
}

/** Who is signed in on this page (team server only), and the CSRF token every state-changing call carries. */
export const teamSession = reactive({ active: false, user: null as Person | null, csrfToken: '', methods: [] as string[] })

const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json' } } as const

/** Asks the server who this page's cookie belongs to, and keeps it with its CSRF token; null when nobody is signed in. */
export async function loadSession(): Promise<Person | null> {
  const { answer } = await requestServer<Me>('/auth/me')
  if (!answer.ok) return null
  const { user, csrfToken, methods } = answer.value
  Object.assign(teamSession, { user, csrfToken, methods })
  return user
}

/**
 * Starts a session (its cookie). Nothing on this page changes: the caller opens the app afresh
 * (`enterApp`), whose first step asks who is signed in. Remembered here, the person would put the
 * whole app on screen around the sign-in form for the moment the reload takes.
 */
export async function signIn(email: string, password: string): Promise<ApiResponse<Me>> {
  return (await requestServer<Me>('/auth/login', { ...JSON_POST, body: JSON.stringify({ email, password }) })).answer
}

/** Whom an invitation or reset link is for, before it is taken up; refused (404) once used, expired or wrong. */
export async function lookUpInvitation(token: string): Promise<ApiResponse<InvitationFacts>> {
  return (await requestServer<InvitationFacts>(`/auth/invitation?token=${encodeURIComponent(token)}`)).answer
}

/** Sets the password of an invited account (its link's token), which then signs in with it. */
export async function acceptInvitation(token: string, password: string, displayName: string): Promise<ApiResponse<Person>> {
  const body = JSON.stringify({ token, password, ...(displayName ? { displayName } : {}) })
  return (await requestServer<Person>('/auth/accept-invitation', { ...JSON_POST, body })).answer
}

/** Ends the session on the server; the page then starts afresh, so nothing of this person stays in its stores. */
export async function signOut(): Promise<ApiResponse<null>> {
  const { answer } = await requestServer<null>('/auth/logout', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': teamSession.csrfToken },
    body: '{}',
  })
  if (answer.ok) enterApp('/sign-in')
  return answer
}

/**
 * Opens `path` of the app on a fresh page: after signing in or out, every store starts empty, so
 * one person's stories never show to the next on a shared computer.
 */
export function enterApp(path: string): void {
  window.location.hash = `#${path}`
  window.location.reload()
}

/** The routes a signed-out page may show. */
const PUBLIC_ROUTES = new Set(['sign-in', 'invite'])

/**
 * The team server's `window.culture`: the session cookie and its CSRF token instead of a token; a 401
 * (the session ran out or was ended elsewhere) leads to the sign-in view, then back to where the person was.
 */
export function installTeamBridge(router: Router): void {
  teamSession.active = true
  const toSignIn = () => {
    const here = router.currentRoute.value
    teamSession.user = null
    // Before the router has started (main.ts reads the settings first), the guard below does it.
    if (here.matched.length && !PUBLIC_ROUTES.has(String(here.name))) void router.push({ name: 'sign-in', query: { next: here.fullPath } })
  }
  window.culture = createHttpBridge({ headers: () => ({ 'x-csrf-token': teamSession.csrfToken }), query: '', signedOut: toSignIn })
  router.beforeEach((to) =>
    teamSession.user || PUBLIC_ROUTES.has(String(to.name))
      ? true
      : { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } },
  )
}
