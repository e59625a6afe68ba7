import { STORY_STATUSES } from '@core/stories/story'
import { computed } from 'vue'
import { useStoriesStore } from '../../stores/stories'
import { useValuesStore } from '../../stores/values'

/** The choices every story filter offers, from what the library actually holds. */
export function useFilterOptions() {
  const values = useValuesStore()
  const stories = useStoriesStore()
  return {
    values: computed(() => values.values.map((v) => ({ value: v.id, label: v.name }))),
    statuses: STORY_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) })),
    years: computed(() => stories.facets.years.map((y) => ({ value: String(y), label: String(y) }))),
    teams: computed(() => stories.facets.teams.map((t) => ({ value: t, label: t }))),
  }
}
