import { mount } from '@vue/test-utils'
import type { ChangeEvent } from '../../electron/core/api'
import { createPinia, setActivePinia } from 'pinia'
import { expect, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import App from '../../src/App.vue'
import { installTeamBridge, isTeamServer, loadSession } from '../../src/api/team-session'
import { i18n } from '../../src/i18n'
import { routes } from '../../src/router'
import { useSettingsStore } from '../../src/stores/settings'
import { settle } from './mount-app'
import { PASSWORD } from './team-browser'

/** The app as main.ts starts it on a page the team server (teamServer() in team-browser.ts) served, opened at `path`. */
export async function openTeamPage(path: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  const events: string[] = []
  const sources: { onmessage: ((message: { data: string }) => void) | null }[] = []
  // happy-dom has no EventSource: the address the app opens its change stream at is what counts here,
  // and `deliver` hands the page a change as its stream would.
  vi.stubGlobal(
    'EventSource',
    class {
      onmessage = null
      constructor(url: string) {
        events.push(url)
        sources.push(this)
      }
      close() {}
    },
  )
  const deliver = (change: ChangeEvent) => {
    for (const source of sources) source.onmessage?.({ data: JSON.stringify(change) })
  }
  expect(isTeamServer()).toBe(true)
  installTeamBridge(router)
  // As main.ts: who is signed in, then their settings (refused when nobody is: the router has not started yet).
  await loadSession()
  await useSettingsStore(pinia)
    .load()
    .catch(() => {})
  await router.push(path)
  const wrapper = mount(App, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body })
  await router.isReady()
  await settle()
  return { wrapper, router, events, deliver }
}

/** This page's browser signs in as `email` (a member's, with PASSWORD), as a page that signed in before. */
export async function signedInAs(email: string): Promise<void> {
  await fetch('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
}
