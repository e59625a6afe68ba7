import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, vi } from 'vitest'
import type { Component, DefineComponent } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import App from '../../src/App.vue'
import { routes } from '../../src/router'
import { i18n, setLocale } from '../../src/i18n'

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
})
beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
  // Every test starts in English; one that is about another language switches itself.
  setLocale('en')
})

/** A fresh Pinia and the app's own routes on an in-memory history, so no test sees another's state. */
function plugins(): { pinia: Pinia; router: Router } {
  const pinia = createPinia()
  setActivePinia(pinia)
  return { pinia, router: createRouter({ history: createMemoryHistory(), routes }) }
}

/** The whole app, as main.ts mounts it, opened at `path`; `window.culture` must be installed first. */
export async function mountApp(path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const { pinia, router } = plugins()
  await router.push(path)
  const wrapper = mount(App, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body })
  await router.isReady()
  // The app has loaded the values and the counts, and the routed view is on the screen.
  await vi.waitFor(() => {
    if (!wrapper.find('main .page, main .player, main section').exists()) throw new Error('the view has not rendered yet')
  })
  await settle()
  return { wrapper, router }
}

/** One component on its own, with the same plugins the app gives it. */
export function mountAlone(component: Component, props: Record<string, unknown> = {}): { wrapper: VueWrapper; router: Router } {
  const { pinia, router } = plugins()
  const wrapper: VueWrapper = mount(component as DefineComponent, {
    props,
    global: { plugins: [pinia, router, i18n] },
    attachTo: document.body,
  })
  return { wrapper, router }
}

/** Lets every pending call to the core answer and the screen catch up. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((done) => setTimeout(done, 0))
  }
}

/** Waits until `check` stops throwing: for what arrives through a change notice or a refresh timer. */
export const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 })

/** The texts of the notices in the corner, errors and others. */
export function notices(wrapper: VueWrapper): { kind: string; text: string }[] {
  return wrapper.findAll('.notice').map((n) => ({ kind: n.classes().includes('error') ? 'error' : 'info', text: n.find('span').text() }))
}
