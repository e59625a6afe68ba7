import type { ApiInput } from '@core/api'
import type { StoryFacets, StoryStatus, StorySummary } from '@core/stories/story'
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import { call } from '../api/culture'
import { fetchPages } from '../api/paging'

export type StoryFieldsInput = ApiInput<'stories.create'>['fields']

export interface StoryFilters {
  valueId: string
  status: StoryStatus | ''
  year: string
  team: string
  sort: 'newest' | 'oldest' | 'title'
}

/** The list as it opens: every story, newest first. */
export const DEFAULT_FILTERS: Readonly<StoryFilters> = { valueId: '', status: '', year: '', team: '', sort: 'newest' }
const PAGE = 100
/** The most rows one stories.list call may ask for (storyQuery's limit). */
export const LIST_CAP = 1000

/** The story list as the filters ask for it, plus the counts the sidebar shows. */
export const useStoriesStore = defineStore('stories', () => {
  const filters = reactive<StoryFilters>({ ...DEFAULT_FILTERS })
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

  /**
   * Reloads as many rows as are showing, so a refresh after an edit does not collapse a long list;
   * `fromStart` shows just the first page again (new filters ask for a new list).
   */
  async function load(fromStart = false) {
    loading.value = true
    try {
      const count = fromStart ? PAGE : Math.max(PAGE, items.value.length)
      const { rows, last } = await fetchPages(
        0,
        count,
        LIST_CAP,
        (offset, limit) => call('stories.list', query(offset, limit)),
        (page) => page.items,
      )
      items.value = rows
      total.value = last.total
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
    Object.assign(filters, DEFAULT_FILTERS)
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
