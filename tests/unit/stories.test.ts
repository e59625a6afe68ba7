import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { CultureError } from '../../electron/core/errors'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { storyQuery } from '../../electron/core/stories/story-input'
import { createDispatch } from '../../electron/core/dispatch'
import { normalizeInput } from '../../electron/core/input-text'
import type { Story } from '../../electron/core/stories/story'
import { countRows, storyInput, tempCore, thrown, valueId } from './temp-library'

function add(core: CultureCore, overrides: Partial<StoryFieldsInput>, status: 'draft' | 'submitted' = 'draft') {
  return core.stories.create(storyFields.parse(storyInput(core, overrides)), status)
}
const list = (core: CultureCore, q: Record<string, unknown> = {}) => core.stories.list(storyQuery.parse(q))

describe('stories', () => {
  it('round-trips every field, primary value first', () => {
    const core = tempCore()
    const wow = valueId(core, 'deliver-wow')
    const humble = valueId(core, 'humble')
    const team = valueId(core, 'team-and-family-spirit')
    const story = add(core, { valueIds: [wow, humble, team], primaryValueId: humble, language: 'da' })
    const back = core.stories.get(story.id)
    expect(back).toMatchObject({
      title: 'Wedding shoes, overnight',
      author: 'Astrid Lund',
      team: 'Customer Loyalty',
      customerContext: 'Bride, wedding in two days',
      happenedOn: '2025-06-14',
      status: 'draft',
      isRecovery: true,
      language: 'da',
      primaryValueId: humble,
      deletedAt: null,
    })
    expect(back.valueIds).toEqual([humble, wow, team])
    expect(back.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('updates fields and values, and submits a draft', () => {
    const core = tempCore()
    const story = add(core, {})
    const humble = valueId(core, 'humble')
    const updated = core.stories.update(
      story.id,
      storyFields.parse(storyInput(core, { title: 'New title', valueIds: [humble], primaryValueId: humble })),
      { baseUpdatedAt: story.updatedAt, submit: true },
    )
    expect(updated.title).toBe('New title')
    expect(updated.valueIds).toEqual([humble])
    expect(updated.status).toBe('submitted')
    expect(updated.updatedAt > story.updatedAt).toBe(true)
    expect(countRows(core, 'story_values')).toBe(1)
  })

  it('refuses a save based on an outdated copy, leaving the newer one', () => {
    const core = tempCore()
    const story = add(core, {})
    core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Saved by Bo' })), {
      baseUpdatedAt: story.updatedAt,
    })
    expect(() =>
      core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Saved by Al' })), {
        baseUpdatedAt: story.updatedAt,
      }),
    ).toThrow(/Someone saved this story/)
    expect(core.stories.get(story.id).title).toBe('Saved by Bo')
  })

  it('refuses an unknown core value without writing anything', () => {
    const core = tempCore()
    const ghost = '0b6f0f8e-3c1a-4d9e-9a57-1f1f1f1f1f1f'
    const input = storyFields.parse(storyInput(core, { valueIds: [ghost], primaryValueId: ghost }))
    const err = thrown<CultureError>(() => core.stories.create(input, 'draft'))
    expect(err?.kind).toBe('invalid_input')
    expect(err?.message).toContain(ghost)
    expect(countRows(core, 'stories')).toBe(0)
  })

  it('filters by value, status, year and team, and sorts', () => {
    const core = tempCore()
    const humble = valueId(core, 'humble')
    add(core, { title: 'Bravo', happenedOn: '2024-03-01', team: 'Warehouse' })
    add(core, { title: 'alpha', happenedOn: '2025-01-10', valueIds: [humble], primaryValueId: humble }, 'submitted')
    add(core, { title: 'Charlie', happenedOn: '2025-08-30' }, 'submitted')

    expect(list(core).items.map((s) => s.title)).toEqual(['Charlie', 'alpha', 'Bravo'])
    expect(list(core, { sort: 'title' }).items.map((s) => s.title)).toEqual(['alpha', 'Bravo', 'Charlie'])
    expect(list(core, { sort: 'oldest' }).items.map((s) => s.title)).toEqual(['Bravo', 'alpha', 'Charlie'])
    expect(list(core, { valueId: humble }).items.map((s) => s.title)).toEqual(['alpha'])
    expect(list(core, { status: 'submitted' }).total).toBe(2)
    expect(list(core, { year: 2025 }).items.map((s) => s.title)).toEqual(['Charlie', 'alpha'])
    expect(list(core, { team: 'Warehouse' }).items.map((s) => s.title)).toEqual(['Bravo'])
    expect(list(core, { year: 2025, status: 'submitted', valueId: humble }).total).toBe(1)
    const page = list(core, { limit: 2, offset: 2 })
    expect(page).toMatchObject({ total: 3 })
    expect(page.items.map((s) => s.title)).toEqual(['Bravo'])

    const facets = core.stories.facets()
    expect(facets.years).toEqual([2025, 2024])
    expect(facets.teams).toEqual(['Customer Loyalty', 'Warehouse'])
    expect(facets.statusCounts).toEqual({ draft: 1, submitted: 2, approved: 0, archived: 0 })
  })

  it('matches the team filter on any part of the name, ignoring case across Unicode', () => {
    const core = tempCore()
    add(core, { title: 'Loyal', team: 'Customer Loyalty' })
    add(core, { title: 'Nordic', team: 'ÅLESUND Øst' })
    add(core, { title: 'Stock', team: 'Warehouse' })
    const titles = (team: string) => list(core, { team, sort: 'title' }).items.map((s) => s.title)
    expect(titles('loyal')).toEqual(['Loyal'])
    expect(titles('CUSTOMER loyalty')).toEqual(['Loyal'])
    // SQLite's own LOWER and LIKE fold ASCII only; these need Unicode case folding.
    expect(titles('ålesund')).toEqual(['Nordic'])
    expect(titles('øst')).toEqual(['Nordic'])
    expect(titles('alesund')).toEqual([])
    expect(titles('house')).toEqual(['Stock'])
    expect(list(core, { team: 'house' }).total).toBe(1)
  })

  it('moves stories to the trash, restores them, and empties the trash', () => {
    const core = tempCore()
    const keep = add(core, { title: 'Keep me' })
    const drop = add(core, { title: 'Drop me' })
    core.stories.trash(keep.id)
    core.stories.trash(drop.id)
    expect(list(core).total).toBe(0)
    expect(list(core, { trashed: true }).total).toBe(2)
    expect(core.stories.facets().trashCount).toBe(2)

    expect(core.stories.restore(keep.id).deletedAt).toBeNull()
    expect(list(core).items.map((s) => s.title)).toEqual(['Keep me'])

    expect(core.stories.emptyTrash()).toBe(1)
    expect(countRows(core, 'stories')).toBe(1)
    expect(countRows(core, 'story_values')).toBe(1)
    expect(() => core.stories.get(drop.id)).toThrow(/no longer exists/)
  })

  it('curates: approve and archive, but not while in the trash', () => {
    const core = tempCore()
    const story = add(core, {}, 'submitted')
    expect(core.stories.setStatus(story.id, 'approved').status).toBe('approved')
    expect(core.stories.setStatus(story.id, 'archived').status).toBe('archived')
    core.stories.trash(story.id)
    expect(() => core.stories.setStatus(story.id, 'approved')).toThrow(/in the trash/)
    expect(core.stories.get(story.id).status).toBe('archived')
  })

  it('tells listeners that stories changed', () => {
    const core = tempCore()
    const topics: string[] = []
    core.changes.subscribe((e) => topics.push(e.topic))
    const story = add(core, {})
    core.stories.trash(story.id)
    expect(topics).toEqual(['stories', 'stories'])
  })
})

describe('story language', () => {
  it('is detected from the text when the writer does not choose one', () => {
    const core = tempCore()
    const danish = storyFields.parse({
      ...storyInput(core),
      language: undefined,
      title: 'Glade kunder',
      body: 'Kunden ringede, og vi sendte et nyt par sko med det samme. Hun var meget glad for det.',
    })
    const swedish = storyFields.parse({
      ...storyInput(core),
      language: undefined,
      title: 'Glad kund',
      body: 'Kunden ringde och vi skickade ett nytt par skor direkt. Hon var mycket glad för det.',
    })
    const chosen = storyFields.parse({ ...storyInput(core), language: 'en', body: 'Kunden ringede, og vi sendte et nyt par sko.' })
    expect(core.stories.create(danish, 'draft').language).toBe('da')
    expect(core.stories.create(swedish, 'draft').language).toBe('sv')
    expect(core.stories.create(chosen, 'draft').language).toBe('en')
  })
})

describe('text at the boundary', () => {
  // Through the contract, as the editor sends it: normalisation happens once, in dispatch.
  async function call<T>(dispatch: ReturnType<typeof createDispatch>, method: string, input: unknown): Promise<T> {
    const res = await dispatch(method, input)
    if (!res.ok) throw new Error(`${method}: ${res.error.message}`)
    return res.value as T
  }

  it('stores a lone surrogate as one U+FFFD, so a title at its limit comes back at its length and saves again', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const title = 'T'.repeat(199) + '\uD800'
    const created = await call<Story>(dispatch, 'stories.create', { fields: storyInput(core, { title, author: 'Ann\uDC00' }) })
    expect(created.title).toBe('T'.repeat(199) + '\uFFFD')
    const back = await call<Story>(dispatch, 'stories.get', { id: created.id })
    expect(back.title).toHaveLength(200)
    expect(back.author).toBe('Ann\uFFFD')
    const { id, title: t, author, body, team, customerContext, happenedOn, valueIds, primaryValueId, isRecovery, language } = back
    const again = await call<Story>(dispatch, 'stories.update', {
      id,
      fields: { title: t, author, body, team, customerContext, happenedOn, valueIds, primaryValueId, isRecovery, language },
      baseUpdatedAt: back.updatedAt,
    })
    expect(again.title).toBe(back.title)
    expect(again.author).toBe(back.author)
  })

  it('leaves file paths in the form they were given: another normal form can name another file', () => {
    expect(normalizeInput({ path: '/tmp/e\u0301.pdf', folder: '/tmp/\uD800x', title: 'e\u0301' })).toEqual({
      path: '/tmp/e\u0301.pdf',
      folder: '/tmp/\uFFFDx',
      title: 'é',
    })
  })

  it('composes decomposed letters (NFC) before counting, and keeps pairs that are whole', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    // 150 × "é" written as e + combining accent: 300 code units before NFC, 150 after.
    const title = 'e\u0301'.repeat(150) + ' 😀'
    const created = await call<Story>(dispatch, 'stories.create', { fields: storyInput(core, { title }) })
    expect(created.title).toBe('é'.repeat(150) + ' 😀')
    expect((await call<Story>(dispatch, 'stories.get', { id: created.id })).title).toBe(created.title)
  })
})
