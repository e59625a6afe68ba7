import type { ApiInput } from '@core/api'
import type { StoryFacets, StoryStatus, StorySummary } from '@core/stories/story'
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import { call } from '../api/culture'

export type StoryFieldsInput = ApiInput<'stories.create'>['fields']

export interface StoryFilters {
  valueId: string
  status: StoryStatus | ''
  year: string
  team: string
  sort: 'newest' | 'oldest' | 'title'
}

const PAGE = 100

/** The story list as the filters ask for it, plus the counts the sidebar shows. */
export const useStoriesStore = defineStore('stories', () => {
  const filters = reactive<StoryFilters>({ valueId: '', status: '', year: '', team: '', sort: 'newest' })
  const items = ref<StorySummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  const facets = ref<StoryFacets>({
    years: [],
    teams: [],
    statusCounts: { draft: 0, submitted: 0, approved: 0, archived: 0 },
    trashCount: 0,
  })

  function query(offset: number, limit: number) {
    return {
      valueId: filters.valueId || undefined,
      status: filters.status || undefined,
      year: filters.year ? Number(filters.year) : undefined,
      team: filters.team || undefined,
      sort: filters.sort,
      offset,
      limit,
    }
  }

  /** Reloads as many rows as are showing, so a refresh after an edit does not collapse a long list. */
  async function load() {
    loading.value = true
    try {
      const page = await call('stories.list', query(0, Math.max(PAGE, items.value.length)))
      items.value = page.items
      total.value = page.total
    } finally {
      loading.value = false
    }
  }

  async function loadMore() {
    const page = await call('stories.list', query(items.value.length, PAGE))
    items.value = items.value.concat(page.items)
    total.value = page.total
  }

  async function loadFacets() {
    facets.value = await call('stories.facets', {})
  }

  function resetFilters() {
    Object.assign(filters, { valueId: '', status: '', year: '', team: '', sort: 'newest' })
  }

  return {
    filters,
    items,
    total,
    loading,
    facets,
    load,
    loadMore,
    loadFacets,
    resetFilters,
    refresh: () => Promise.all([load(), loadFacets()]),
    get: (id: string) => call('stories.get', { id }),
    create: (fields: StoryFieldsInput, status: 'draft' | 'submitted') => call('stories.create', { fields, status }),
    update: (id: string, fields: StoryFieldsInput, baseUpdatedAt: string, submit: boolean) =>
      call('stories.update', { id, fields, baseUpdatedAt, submit }),
    setStatus: (id: string, status: StoryStatus) => call('stories.setStatus', { id, status }),
    trash: (id: string) => call('stories.trash', { id }),
    restore: (id: string) => call('stories.restore', { id }),
    emptyTrash: () => call('stories.emptyTrash', { confirm: true }),
    list: (input: ApiInput<'stories.list'>) => call('stories.list', input),
  }
})
