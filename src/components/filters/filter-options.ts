import { STORY_STATUSES } from '@core/stories/story'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { collator } from '../../format'
import { useStoriesStore } from '../../stores/stories'
import { useValuesStore } from '../../stores/values'

export interface FilterOption {
  value: string
  label: string
}

/** One story filter as a page shows it: which field of the page's filters it sets, and the select's texts and choices. */
export interface FilterField<K extends string> {
  key: K
  label: string
  anyLabel: string
  options: FilterOption[]
  testid?: string
}

/** The choices every story filter offers, from what the library actually holds, in the window's language. */
export function useFilterOptions() {
  const values = useValuesStore()
  const stories = useStoriesStore()
  const { t } = useI18n()
  const options = {
    values: computed(() => values.values.map((v) => ({ value: v.id, label: v.name }))),
    statuses: computed(() => STORY_STATUSES.map((s) => ({ value: s, label: t(`common.status.${s}`) }))),
    years: computed(() => stories.facets.years.map((y) => ({ value: String(y), label: String(y) }))),
    // Teams as the language sorts names: å, ä, ö after z in Swedish; æ, ø, å in Danish.
    teams: computed(() => [...stories.facets.teams].sort(collator().compare).map((t) => ({ value: t, label: t }))),
    authors: computed(() => [...stories.facets.authors].sort(collator().compare)),
  }
  /** The value, status and team filters, labelled alike on every page that offers them. */
  const common = {
    value: () => ({ label: t('stories.filters.value'), anyLabel: t('stories.filters.anyValue'), options: options.values.value }),
    status: () => ({ label: t('stories.filters.status'), anyLabel: t('stories.filters.anyStatus'), options: options.statuses.value }),
    /** The team filter is typed (any part of the name, any case) with the library's teams as suggestions. */
    team: () => ({
      label: t('stories.filters.team'),
      placeholder: t('stories.filters.anyTeam'),
      names: options.teams.value.map((o) => o.value),
    }),
    /** The author filter works the same way, suggesting the library's authors. */
    author: () => ({
      label: t('fields.story.author'),
      placeholder: t('stories.search.authorPlaceholder'),
      names: options.authors.value,
    }),
  }
  return { ...options, common }
}
