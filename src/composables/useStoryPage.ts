import type { ApiInput } from '@core/api'
import type { StorySummary } from '@core/stories/story'
import { onMounted, ref, watch } from 'vue'
import { useNoticesStore } from '../stores/notices'
import { useStoriesStore } from '../stores/stories'

/**
 * A fixed query's stories (the review queue, the trash), reloaded whenever the library changes:
 * the stories store replaces its facets after every change notice.
 */
export function useStoryPage(query: ApiInput<'stories.list'>) {
  const stories = useStoriesStore()
  const notices = useNoticesStore()
  const items = ref<StorySummary[]>([])
  const total = ref(0)
  const loaded = ref(false)

  async function reload() {
    try {
      const page = await stories.list(query)
      items.value = page.items
      total.value = page.total
      loaded.value = true
    } catch (err) {
      notices.error(err)
    }
  }
  onMounted(reload)
  watch(() => stories.facets, reload)
  return { items, total, loaded, reload }
}
