import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../../src/i18n'
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
      .find((b) => b.text() === 'Edit')!
      .trigger('click')
    await wrapper.find('[data-testid="value-card"] form input[name="name"]').setValue('Var alltid ödmjuk')
    await wrapper.find('[data-testid="value-card"] form').trigger('submit')
    await settle()
    expect(core.values.get(humble.id, 'sv').name).toBe('Var alltid ödmjuk')
    expect(core.values.get(humble.id).name).toBe('Be humble')
  })
})
