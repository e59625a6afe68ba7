import { afterEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../src/i18n'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, settle } from './mount-app'

const headings = (wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper']) =>
  wrapper.findAll('[data-testid="value-card"] h2').map((h) => h.text())

afterEach(() => {
  i18n.global.locale.value = 'en'
})

describe('core values in the window’s language', () => {
  it('names the values in the window’s language, follows a change of language, and saves an edit in the language shown', async () => {
    const { core } = installCoreBridge()
    core.values.create({ name: 'Be kind', description: '', color: '#aabbcc' })
    i18n.global.locale.value = 'da'
    const { wrapper } = await mountApp('/values')
    await eventually(() => expect(headings(wrapper)).toEqual(core.values.list('da').map((v) => v.name)))
    expect(headings(wrapper)).toContain('Vær ydmyg')
    // A value with no Danish text shows its main language's.
    expect(headings(wrapper).at(-1)).toBe('Be kind')

    i18n.global.locale.value = 'sv'
    await eventually(() => expect(headings(wrapper)).toContain('Var ödmjuk'))

    // Edited in the Swedish window, the Swedish text changes and the English one stays.
    const humble = core.values.list().find((v) => v.slug === 'humble')!
    const card = wrapper.findAll('[data-testid="value-card"]').find((c) => c.find('h2').text() === 'Var ödmjuk')!
    await card
      .findAll('button')
      .find((b) => b.text() === i18n.global.t('common.edit'))!
      .trigger('click')
    await wrapper.find('[data-testid="value-card"] form input[name="name"]').setValue('Var alltid ödmjuk')
    await wrapper.find('[data-testid="value-card"] form').trigger('submit')
    await settle()
    expect(core.values.get(humble.id, 'sv').name).toBe('Var alltid ödmjuk')
    expect(core.values.get(humble.id).name).toBe('Be humble')
  })

  it('edits a value’s name and description in a language chosen in the form, shown once the window speaks it', async () => {
    const { core } = installCoreBridge()
    const kind = core.values.create({ name: 'Be kind', description: 'Kindness first.', color: '#aabbcc' })
    const { wrapper } = await mountApp('/values')
    const card = () => wrapper.findAll('[data-testid="value-card"]').find((c) => c.find('h2').text() === 'Be kind')!
    await card()
      .findAll('button')
      .find((b) => b.text() === 'Edit')!
      .trigger('click')
    const form = wrapper.find('[data-testid="value-card"] form')
    const language = form.find('[data-testid="value-text-language"]')
    expect((language.element as HTMLSelectElement).value).toBe('en')
    await language.setValue('sv')
    // No Swedish text yet: the fields start empty and the form says why.
    expect((form.find('input[name="name"]').element as HTMLInputElement).value).toBe('')
    expect(form.text()).toContain(i18n.global.t('values.form.missingText'))
    await form.find('input[name="name"]').setValue('Var snäll')
    await form.find('textarea[name="description"]').setValue('Vänlighet först.')
    await form.trigger('submit')
    await settle()
    expect(core.values.get(kind.id, 'sv')).toMatchObject({ name: 'Var snäll', description: 'Vänlighet först.' })
    expect(core.values.get(kind.id, 'en')).toMatchObject({ name: 'Be kind', description: 'Kindness first.' })
    // The English window still shows the English name; the Swedish one shows the Swedish.
    expect(headings(wrapper)).toContain('Be kind')
    setLocale('sv')
    await eventually(() => expect(headings(wrapper)).toContain('Var snäll'))
    expect(headings(wrapper)).not.toContain('Be kind')
    expect(wrapper.text()).toContain('Vänlighet först.')
  })
})
