import type { ApiInput } from '@core/api'
import type { ReviewNote, StoryFacets, StoryStatus, StorySummary } from '@core/stories/story'
import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import { call } from '../api/culture'

export type StoryFieldsInput = ApiInput<'stories.create'>['fields']

export interface StoryFilters {
  valueId: string
  status: StoryStatus | ''
  year: string
  team: string
  sort: 'newest' | 'oldest' | 'title'
  /** '1': only the signed-in person's own stories (team server); the core ignores it without one. */
  mine: '' | '1'
}

/** The list as it opens: every story, newest first. */
export const DEFAULT_FILTERS: Readonly<StoryFilters> = { valueId: '', status: '', year: '', team: '', sort: 'newest', mine: '' }
/** Rows per stories.list call as the list scrolls: a screenful or two, well under the call's limit. */
export const LIST_PAGE = 100
/** The most rows one stories.list call may ask for (storyQuery's limit). */
export const LIST_CAP = 1000

const pageOf = (index: number) => Math.floor(index / LIST_PAGE)

/**
 * The story list as the filters ask for it, plus the counts the sidebar shows. The list is read a page
 * at a time as it scrolls (`show`), so a library of any size opens with one small call; `rowAt` is
 * undefined for a row whose page has not come in yet.
 */
export const useStoriesStore = defineStore('stories', () => {
  const filters = reactive<StoryFilters>({ ...DEFAULT_FILTERS })
  /** The pages on screen, by page number. Replaced, never changed in place, so the list redraws. */
  const pages = shallowRef(new Map<number, StorySummary[]>())
  const total = ref(0)
  /** The current filters' first pages are on their way; the list shows the last ones meanwhile. */
  const loading = ref(true)
  const facets = ref<StoryFacets>({
    years: [],
    teams: [],
    authors: [],
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
      mine: filters.mine === '1' || undefined,
      offset,
      limit,
    }
  }

  // A generation is one reading of the list (new filters, a change in the library): answers of an
  // older one are dropped, so a slow page never mixes old rows into new ones.
  let generation = 0
  let building = new Map<number, StorySummary[]>()
  let buildingTotal = 0
  let shown = true
  const asked = new Set<number>()
  /** The rows the list last showed, first and last index: what a reload reads again. */
  let wanted = { first: 0, last: LIST_PAGE - 1 }

  async function fetchPage(page: number, ticket: number) {
    try {
      const answer = await call('stories.list', query(page * LIST_PAGE, LIST_PAGE))
      if (ticket !== generation) return
      building.set(page, answer.items)
      buildingTotal = answer.total
      if (shown) publish()
    } catch (err) {
      if (ticket === generation) asked.delete(page)
      throw err
    }
  }
  function publish() {
    pages.value = new Map(building)
    total.value = buildingTotal
  }
  function ask(first: number, last: number, ticket: number): Promise<unknown> {
    const waits: Promise<void>[] = []
    for (let page = pageOf(first); page <= pageOf(last); page++) {
      if (asked.has(page)) continue
      asked.add(page)
      waits.push(fetchPage(page, ticket))
    }
    return Promise.all(waits)
  }

  /** The list shows rows `first`…`last` (indexes): reads the pages among them not read yet. */
  function show(first: number, last: number): Promise<unknown> {
    wanted = { first, last: Math.max(first, last) }
    return ask(wanted.first, wanted.last, generation)
  }

  /**
   * Reads the list again: the rows last shown (after a change in the library), or (`fromStart`, new
   * filters) its first page. The old rows stay on screen until the new ones are in.
   */
  async function load(fromStart = false) {
    const ticket = ++generation
    building = new Map()
    shown = false
    asked.clear()
    loading.value = true
    if (fromStart) wanted = { first: 0, last: wanted.last - wanted.first }
    try {
      await ask(wanted.first, wanted.last, ticket)
    } finally {
      // What came in is shown even when a page failed (the caller tells why); a newer reading owns the screen otherwise.
      if (ticket === generation) {
        shown = true
        publish()
        loading.value = false
      }
    }
  }

  function rowAt(index: number): StorySummary | undefined {
    return pages.value.get(pageOf(index))?.[index % LIST_PAGE]
  }

  async function loadFacets() {
    facets.value = await call('stories.facets', {})
  }

  function resetFilters() {
    Object.assign(filters, DEFAULT_FILTERS)
  }

  return {
    filters,
    pages,
    total,
    loading,
    facets,
    load,
    show,
    rowAt,
    loadFacets,
    resetFilters,
    refresh: () => Promise.all([load(), loadFacets()]),
    get: (id: string) => call('stories.get', { id }),
    create: (fields: StoryFieldsInput, status: 'draft' | 'submitted') => call('stories.create', { fields, status }),
    update: (id: string, fields: StoryFieldsInput, baseUpdatedAt: string, submit: boolean) =>
      call('stories.update', { id, fields, baseUpdatedAt, submit }),
    setStatus: (id: string, status: StoryStatus, review: ReviewNote = {}) => call('stories.setStatus', { id, status, ...review }),
    trash: (id: string) => call('stories.trash', { id }),
    restore: (id: string) => call('stories.restore', { id }),
    emptyTrash: () => call('stories.emptyTrash', { confirm: true }),
    list: (input: ApiInput<'stories.list'>) => call('stories.list', input),
  }
})
