import { STORY_STATUSES } from '@core/stories/story'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { collator } from '../../format'
import { useStoriesStore } from '../../stores/stories'
import { useValuesStore } from '../../stores/values'

/** The choices every story filter offers, from what the library actually holds, in the window's language. */
export function useFilterOptions() {
  const values = useValuesStore()
  const stories = useStoriesStore()
  const { t } = useI18n()
  return {
    values: computed(() => values.values.map((v) => ({ value: v.id, label: v.name }))),
    statuses: computed(() => STORY_STATUSES.map((s) => ({ value: s, label: t(`common.status.${s}`) }))),
    years: computed(() => stories.facets.years.map((y) => ({ value: String(y), label: String(y) }))),
    // Teams as the language sorts names: å, ä, ö after z in Swedish; æ, ø, å in Danish.
    teams: computed(() => [...stories.facets.teams].sort(collator().compare).map((t) => ({ value: t, label: t }))),
  }
}
