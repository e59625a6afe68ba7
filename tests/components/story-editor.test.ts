import { describe, expect, it, vi } from 'vitest'
import { MAX_BODY_CHARS, MAX_VALUES_PER_STORY, storyFields } from '../../electron/core/stories/story-input'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

const live = (core: ReturnType<typeof installCoreBridge>['core']) =>
  core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 100 }).items

describe('the story editor', () => {
  it('marks each field the library refused, and saves nothing', async () => {
    const { core } = installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    await wrapper.find('input[name="title"]').setValue('   ')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Save draft')!
      .trigger('click')
    await settle()

    const invalid = wrapper.findAll('.invalid').map((f) => f.find('input, textarea').attributes('name') ?? 'values')
    expect(invalid.sort()).toEqual(['author', 'body', 'title', 'values'])
    for (const field of wrapper.findAll('.invalid')) expect(field.find('small.error').text()).not.toBe('')
    expect(notices(wrapper)).toEqual([{ kind: 'error', text: expect.stringContaining('marked fields') }])
    expect(live(core)).toEqual([])
  })

  it('submits a valid story, picks the primary value for the writer, and remembers who wrote it', async () => {
    const { core } = installCoreBridge()
    const { wrapper, router } = await mountApp('/stories/new')
    await wrapper.find('input[name="title"]').setValue('Shoes by courier')
    await wrapper.find('input[name="author"]').setValue('Astrid Lund')
    await wrapper.find('input[name="team"]').setValue('Loyalty')
    await wrapper.find('textarea[name="body"]').setValue('We sent **new shoes** overnight.')
    await wrapper.find('input[data-value="humble"]').setValue(true)
    await wrapper.find('input[data-value="deliver-wow"]').setValue(true)
    // The first value chosen is primary until the writer says otherwise.
    expect(wrapper.find<HTMLInputElement>('input[data-primary="humble"]').element.checked).toBe(true)
    await wrapper.find('input[data-primary="deliver-wow"]').setValue(true)
    // The preview shows the Markdown as readers will see it.
    expect(wrapper.find('.preview strong').text()).toBe('new shoes')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Submit for review')!
      .trigger('click')
    await settle()

    const [summary] = live(core)
    const story = core.stories.get(summary.id)
    const slug = (id: string) => core.values.list().find((v) => v.id === id)!.slug
    expect(story).toMatchObject({ title: 'Shoes by courier', author: 'Astrid Lund', team: 'Loyalty', status: 'submitted' })
    expect(story.valueIds.map(slug).sort()).toEqual(['deliver-wow', 'humble'])
    expect(slug(story.primaryValueId)).toBe('deliver-wow')
    await eventually(() => expect(router.currentRoute.value.path).toBe(`/stories/${story.id}`))

    // The next new story starts with the same author and team.
    await router.push('/stories/new')
    await settle()
    expect(wrapper.find<HTMLInputElement>('input[name="author"]').element.value).toBe('Astrid Lund')
    expect(wrapper.find<HTMLInputElement>('input[name="team"]').element.value).toBe('Loyalty')
  })

  it(`offers at most ${MAX_VALUES_PER_STORY} values`, async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const boxes = wrapper.findAll<HTMLInputElement>('.values-picker input[type="checkbox"]')
    for (const box of boxes.slice(0, MAX_VALUES_PER_STORY)) await box.setValue(true)
    expect(boxes.filter((b) => b.element.disabled)).toHaveLength(boxes.length - MAX_VALUES_PER_STORY)
    await boxes[0].setValue(false)
    expect(boxes.filter((b) => b.element.disabled)).toHaveLength(0)
  })

  it('counts the characters of the story and says when it is too long to save', async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const counter = () => wrapper.find('[data-testid="body-counter"]')
    await wrapper.find('textarea[name="body"]').setValue('Twelve chars')
    expect(counter().text()).toBe(`12 / ${MAX_BODY_CHARS.toLocaleString('en')} characters`)
    expect(counter().classes()).not.toContain('error')
    await wrapper.find('textarea[name="body"]').setValue('x'.repeat(MAX_BODY_CHARS + 1))
    expect(counter().text()).toContain('shorten the story to save it')
    expect(counter().classes()).toContain('error')
  })

  it('does not overwrite an edit someone saved meanwhile', async () => {
    const { core } = installCoreBridge()
    const wow = core.values.list()[0].id
    const fields = { title: 'First words', body: 'A story.', author: 'Ann', happenedOn: '2025-01-02', valueIds: [wow], primaryValueId: wow }
    const story = core.stories.create(storyFields.parse(fields), 'draft')
    const { wrapper } = await mountApp(`/stories/${story.id}/edit`)
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('First words')
    // Another window saves first.
    core.stories.update(story.id, storyFields.parse({ ...fields, title: 'Their words' }))
    await wrapper.find('input[name="title"]').setValue('My words')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Save draft')!
      .trigger('click')
    await settle()
    expect(core.stories.get(story.id).title).toBe('Their words')
    expect(notices(wrapper).map((n) => n.kind)).toEqual(['error'])
    expect(wrapper.find('.invalid').exists()).toBe(false)
  })

  it('asks before leaving unsaved changes, and stays when the writer says no', async () => {
    installCoreBridge()
    const { wrapper, router } = await mountApp('/stories/new')
    // happy-dom has no dialogs: the writer's answer is stubbed.
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    // Nothing typed yet: leaving needs no question.
    await router.push('/stories/new?again')
    expect(confirm).not.toHaveBeenCalled()
    await wrapper.find('input[name="title"]').setValue('Half a thought')
    await router.push('/stories')
    expect(confirm).toHaveBeenCalledOnce()
    expect(router.currentRoute.value.path).toBe('/stories/new')
    confirm.mockReturnValue(true)
    await router.push('/stories')
    await eventually(() => expect(router.currentRoute.value.path).toBe('/stories'))
    vi.unstubAllGlobals()
  })
})

describe('the story editor while a story loads', () => {
  it('shows no form to type into until the story is in it', async () => {
    const { core, bridge } = installCoreBridge()
    const wow = core.values.list()[0].id
    const fields = {
      title: 'Loaded from the library',
      body: 'Text.',
      author: 'Bo',
      happenedOn: '2025-01-01',
      valueIds: [wow],
      primaryValueId: wow,
    }
    const story = core.stories.create(storyFields.parse(fields), 'draft')
    // Hold the story's answer back, as a slow disk or a busy main process would.
    let release!: () => void
    const held = new Promise<void>((done) => (release = done))
    const call = bridge.call.bind(bridge)
    bridge.call = (async (method: string, input: unknown) => {
      if (method === 'stories.get') await held
      return call(method as never, input as never)
    }) as typeof bridge.call
    const { wrapper } = await mountApp(`/stories/${story.id}/edit`)
    expect(wrapper.find('input[name="title"]').exists()).toBe(false)
    expect(wrapper.find('[role="status"]').text()).toMatch(/Loading/)
    release()
    await settle()
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('Loaded from the library')
  })
})
