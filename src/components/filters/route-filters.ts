import { watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * Keeps a page's filters in its address (the route's query string): read when the page opens and when
 * the address changes (Back, a link), written with router.replace on every change, so Back returns to
 * the filters the user left. Values equal to their default stay out of the address; other query keys
 * (the search text) are kept.
 */
export function useRouteFilters<F extends { [K in keyof F]: string }>(filters: F, defaults: F): void {
  const route = useRoute()
  const router = useRouter()
  // While the page is leaving, the route is already the next page's; its query is not ours to read or write.
  const page = route.name
  const keys = Object.keys(defaults) as (keyof F & string)[]

  function read() {
    if (route.name !== page) return
    for (const key of keys) {
      const given = route.query[key]
      const next = (typeof given === 'string' ? given : defaults[key]) as F[typeof key]
      if (filters[key] !== next) filters[key] = next
    }
  }

  function write() {
    if (route.name !== page) return
    const query = { ...route.query }
    for (const key of keys) {
      if (filters[key] === defaults[key]) delete query[key]
      else query[key] = filters[key]
    }
    if (keys.some((key) => query[key] !== route.query[key])) void router.replace({ query })
  }

  read()
  watch(() => route.query, read)
  watch(() => ({ ...filters }), write)
}
