import { describe, expect, it } from 'vitest'
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

  it('asks before leaving unsaved changes in its own dialog, stays when the writer keeps editing, and keeps the draft on leaving', async () => {
    const { core } = installCoreBridge()
    const { wrapper, router } = await mountApp('/stories/new')
    const dialog = () => wrapper.find('[data-testid="leave-dialog"]')
    const answer = (label: string) =>
      dialog()
        .findAll('button')
        .find((b) => b.text() === label)!
        .trigger('click')
    // Nothing typed yet: leaving needs no question.
    await router.push('/stories/new?again')
    expect(dialog().attributes('open')).toBeUndefined()
    await wrapper.find('input[name="title"]').setValue('Half a thought')
    void router.push('/stories')
    await eventually(() => expect(dialog().attributes('open')).toBeDefined())
    expect(dialog().text()).toContain('Leave with unsaved changes?')
    await answer('Keep editing')
    await settle()
    expect(router.currentRoute.value.path).toBe('/stories/new')
    expect(dialog().attributes('open')).toBeUndefined()
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('Half a thought')

    void router.push('/stories')
    await eventually(() => expect(dialog().attributes('open')).toBeDefined())
    await answer('Leave')
    await eventually(() => expect(router.currentRoute.value.path).toBe('/stories'))
    // What was typed stays in the library, as the question said.
    await eventually(() => expect(core.drafts.get({ kind: 'story', id: null })?.content).toMatchObject({ title: 'Half a thought' }))
  })

  it('asks the browser before the window closes or reloads with unsaved changes', async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(unload()).toBe(false)
    await wrapper.find('textarea[name="body"]').setValue('Typed, not saved')
    expect(unload()).toBe(true)
  })

  it('formats with the toolbar and the shortcuts, one tab stop with arrow keys between named buttons', async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const body = wrapper.find<HTMLTextAreaElement>('textarea[name="body"]')
    const toolbar = wrapper.find('[role="toolbar"]')
    expect(toolbar.attributes('aria-controls')).toBe(body.attributes('id'))
    const buttons = toolbar.findAll('button')
    expect(buttons.map((b) => b.attributes('aria-label'))).toEqual([
      'Bold',
      'Italic',
      'Heading',
      'Bulleted list',
      'Numbered list',
      'Quote',
      'Link',
    ])
    expect(buttons.map((b) => b.attributes('data-tip'))).toContain('Bold (Ctrl+B)')
    expect(buttons.map((b) => b.attributes('aria-keyshortcuts'))).toContain('Control+Shift+7')
    expect(buttons.map((b) => b.attributes('tabindex'))).toEqual(['0', '-1', '-1', '-1', '-1', '-1', '-1'])
    buttons[0].element.focus()
    await toolbar.trigger('keydown', { key: 'ArrowRight' })
    expect(document.activeElement).toBe(buttons[1].element)
    expect(buttons.map((b) => b.attributes('tabindex')).indexOf('0')).toBe(1)
    await toolbar.trigger('keydown', { key: 'ArrowLeft' })
    await toolbar.trigger('keydown', { key: 'ArrowLeft' })
    expect(document.activeElement).toBe(buttons.at(-1)!.element)

    await body.setValue('We sent new shoes overnight.')
    body.element.setSelectionRange(8, 17)
    await buttons[0].trigger('click')
    expect(body.element.value).toBe('We sent **new shoes** overnight.')
    expect(body.element.value.slice(body.element.selectionStart, body.element.selectionEnd)).toBe('new shoes')
    // The form heard it: the preview shows it bold.
    expect(wrapper.find('.preview strong').text()).toBe('new shoes')

    // Ctrl+Shift+8 makes the line a bulleted list; Ctrl+K writes a link and is not the command palette's.
    body.element.setSelectionRange(0, 0)
    const bullet = await pressOn(body.element, { key: '*', code: 'Digit8', ctrlKey: true, shiftKey: true })
    expect(bullet.defaultPrevented).toBe(true)
    expect(body.element.value).toBe('- We sent **new shoes** overnight.')
    body.element.setSelectionRange(body.element.value.length - 10, body.element.value.length - 1)
    const link = await pressOn(body.element, { key: 'k', code: 'KeyK', ctrlKey: true })
    expect(link.defaultPrevented).toBe(true)
    expect(link.propagated).toBe(false)
    expect(body.element.value).toBe('- We sent **new shoes** [overnight](https://).')
    await settle()
    expect(wrapper.find('.preview li a').text()).toBe('overnight')
    // A plain letter is typing, not a command.
    expect((await pressOn(body.element, { key: 'b', code: 'KeyB' })).defaultPrevented).toBe(false)
  })

  it('saves what is typed as a draft while typing, and offers it when the editor opens again', async () => {
    const { core } = installCoreBridge()
    const first = await mountApp('/stories/new')
    await first.wrapper.find('input[name="title"]').setValue('The lost parcel')
    await first.wrapper.find('textarea[name="body"]').setValue('We drove it over ourselves.')
    // Saved after a pause in typing, without leaving or saving.
    await eventually(() =>
      expect(core.drafts.get({ kind: 'story', id: null })?.content).toMatchObject({
        title: 'The lost parcel',
        body: 'We drove it over ourselves.',
      }),
    )
    const { savedAt } = core.drafts.get({ kind: 'story', id: null })!
    // The window goes away as a crash would take it: no save, no leave.
    first.wrapper.unmount()

    const { wrapper } = await mountApp('/stories/new')
    const offer = wrapper.find('[data-testid="draft-offer"]')
    const time = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(savedAt))
    expect(offer.text()).toContain(`Restore unsaved changes from ${time}`)
    expect(document.activeElement?.textContent?.trim()).toBe(`Restore unsaved changes from ${time}`)
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('')
    await offer.findAll('button')[0].trigger('click')
    expect(wrapper.find('[data-testid="draft-offer"]').exists()).toBe(false)
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('The lost parcel')
    expect(wrapper.find<HTMLTextAreaElement>('textarea[name="body"]').element.value).toBe('We drove it over ourselves.')

    // Saving the story replaces the draft.
    await wrapper.find('input[name="author"]').setValue('Ann')
    await wrapper.find('input[data-value="humble"]').setValue(true)
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Save draft')!
      .trigger('click')
    await settle()
    expect(live(core).map((s) => s.title)).toEqual(['The lost parcel'])
    expect(core.drafts.get({ kind: 'story', id: null })).toBeNull()
  })

  it('offers a draft of a story only when it is newer than the saved story, and discards it when asked', async () => {
    const { core } = installCoreBridge()
    const wow = core.values.list()[0].id
    const fields = storyFields.parse({
      title: 'Saved words',
      body: 'Body.',
      author: 'Bo',
      happenedOn: '2025-01-02',
      valueIds: [wow],
      primaryValueId: wow,
    })
    const story = core.stories.create(fields, 'draft')
    core.drafts.save({ kind: 'story', id: story.id, content: { ...fields, title: 'Unsaved words' }, baseUpdatedAt: story.updatedAt })
    // Saved since, in another window: the draft is older and not offered.
    core.stories.update(story.id, { ...fields, title: 'Saved later' })
    let { wrapper } = await mountApp(`/stories/${story.id}/edit`)
    expect(wrapper.find('[data-testid="draft-offer"]').exists()).toBe(false)
    wrapper.unmount()

    core.drafts.save({ kind: 'story', id: story.id, content: { ...fields, title: 'Unsaved words' }, baseUpdatedAt: story.updatedAt })
    ;({ wrapper } = await mountApp(`/stories/${story.id}/edit`))
    const offer = wrapper.find('[data-testid="draft-offer"]')
    await offer
      .findAll('button')
      .find((b) => b.text() === 'Discard')!
      .trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="draft-offer"]').exists()).toBe(false)
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('Saved later')
    expect(core.drafts.get({ kind: 'story', id: story.id })).toBeNull()
  })

  it('keeps saving what is typed while a draft is offered: the newest words are never the ones lost', async () => {
    const { core } = installCoreBridge()
    core.drafts.save({ kind: 'story', id: null, content: { title: 'An older draft' }, baseUpdatedAt: null })
    const { wrapper } = await mountApp('/stories/new')
    expect(wrapper.find('[data-testid="draft-offer"]').exists()).toBe(true)
    await wrapper.find('input[name="title"]').setValue('Typed instead')
    await eventually(() => expect(core.drafts.get({ kind: 'story', id: null })?.content).toMatchObject({ title: 'Typed instead' }))
    // Restore still brings back the draft it offered.
    await wrapper.find('[data-testid="draft-offer"] button').trigger('click')
    expect(wrapper.find<HTMLInputElement>('input[name="title"]').element.value).toBe('An older draft')
    await eventually(() => expect(core.drafts.get({ kind: 'story', id: null })?.content).toMatchObject({ title: 'An older draft' }))
  })

  it('lifts the notice tray above the Save bar while the editor is open', async () => {
    installCoreBridge()
    const { wrapper, router } = await mountApp('/stories/new')
    const clearance = () => document.documentElement.style.getPropertyValue('--notice-clearance')
    const bar = wrapper.find('footer.editor-actions').element
    // The bar stuck to the bottom of the window, 70 px tall.
    bar.getBoundingClientRect = () => ({ top: window.innerHeight - 70 }) as DOMRect
    window.dispatchEvent(new Event('resize'))
    await eventually(() => expect(clearance()).toBe('70px'))
    await router.push('/stories')
    await eventually(() => expect(clearance()).toBe(''))
  })

  it('links each refused field to its message, focuses the first, and clears a message once its field is fixed', async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    await wrapper.find('input[name="author"]').setValue('Ola')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Save draft')!
      .trigger('click')
    await settle()
    const title = wrapper.find<HTMLInputElement>('input[name="title"]')
    const described = (el: Element) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent?.trim())
        .filter(Boolean)
    expect(title.attributes('aria-invalid')).toBe('true')
    expect(described(title.element)).toEqual(['Give the story a title.'])
    expect(document.activeElement).toBe(title.element)
    const body = wrapper.find('textarea[name="body"]')
    expect(body.attributes('aria-invalid')).toBe('true')
    expect(described(body.element)).toEqual([expect.stringContaining('characters'), 'Write the story itself.'])
    expect(wrapper.find('input[data-value="humble"]').attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('input[name="author"]').attributes('aria-invalid')).toBeUndefined()

    // Spaces are not a title yet: the message stays; a word fixes it, and the message goes at once.
    await title.setValue('   ')
    expect(title.attributes('aria-invalid')).toBe('true')
    await title.setValue('Found the ring')
    expect(title.attributes('aria-invalid')).toBeUndefined()
    expect(described(title.element)).toEqual([])
    expect(wrapper.find('.field.invalid input[name="title"]').exists()).toBe(false)
    // The others stay until they are fixed too.
    expect(body.attributes('aria-invalid')).toBe('true')
    await body.setValue('It was under the counter.')
    expect(body.attributes('aria-invalid')).toBeUndefined()
    await wrapper.find('input[data-value="humble"]').setValue(true)
    expect(wrapper.find('.values-picker').classes()).not.toContain('invalid')
  })
})

/** A key press on an element, as the browser sends it: whether a handler took it, and whether it went on up. */
async function pressOn(element: HTMLElement, init: KeyboardEventInit) {
  let propagated = false
  const listener = () => (propagated = true)
  document.addEventListener('keydown', listener)
  const event = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true })
  element.dispatchEvent(event)
  document.removeEventListener('keydown', listener)
  await settle()
  return { defaultPrevented: event.defaultPrevented, propagated }
}

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
