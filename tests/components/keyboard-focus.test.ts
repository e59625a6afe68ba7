import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { installCoreBridge } from './core-bridge'
import { mountApp, settle } from './mount-app'

const button = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find((b) => b.text() === text)
const editOf = (wrapper: VueWrapper, name: string) =>
  wrapper
    .findAll('[data-testid="value-card"]')
    .find((c) => c.find('h2').exists() && c.find('h2').text() === name)!
    .findAll('button')
    .find((b) => b.text() === 'Edit')!

describe('keyboard use', () => {
  it.each([
    ['Import a pack…', 'pack-file'],
    ['Import a CSV…', 'csv-file'],
  ])('tabs to “%s”, and pressing it opens the file chooser', async (label, testId) => {
    installCoreBridge()
    const { wrapper } = await mountApp('/library')
    const control = button(wrapper, label)
    expect(control, `a focusable button named ${label}`).toBeDefined()
    ;(control!.element as HTMLButtonElement).focus()
    expect(document.activeElement).toBe(control!.element)
    const input = wrapper.find<HTMLInputElement>(`[data-testid="${testId}"]`)
    expect(input.attributes('type')).toBe('file')
    const opened = vi.spyOn(input.element, 'click').mockImplementation(() => {})
    // Enter and Space on a focused button fire its click; the test environment has no native activation.
    await control!.trigger('click')
    expect(opened).toHaveBeenCalledOnce()
  })

  it('moves focus into a value’s form on Edit, and back to its Edit button after Save', async () => {
    const { core } = installCoreBridge()
    const value = core.values.list()[1]
    const { wrapper } = await mountApp('/values')
    await editOf(wrapper, value.name).trigger('click')
    await settle()
    const form = wrapper.find('[data-testid="value-card"] form')
    expect(form.element.contains(document.activeElement)).toBe(true)
    expect(document.activeElement).toBe(form.find('select, input, textarea').element)

    await form.find('input[name="name"]').setValue(`${value.name}!`)
    await form.trigger('submit')
    await settle()
    expect(core.values.list()[1].name).toBe(`${value.name}!`)
    expect(document.activeElement).toBe(editOf(wrapper, `${value.name}!`).element)
  })

  it('cancels a value edit on Escape, discarding the change, and returns focus to its Edit button', async () => {
    const { core } = installCoreBridge()
    const value = core.values.list()[0]
    const { wrapper } = await mountApp('/values')
    await editOf(wrapper, value.name).trigger('click')
    await settle()
    await wrapper.find('[data-testid="value-card"] input[name="name"]').setValue('Changed my mind')
    await wrapper.find('[data-testid="value-card"] input[name="name"]').trigger('keydown', { key: 'Escape' })
    await settle()
    expect(wrapper.find('[data-testid="value-card"] form').exists()).toBe(false)
    expect(core.values.list()[0].name).toBe(value.name)
    expect(wrapper.find('[data-testid="value-card"] h2').text()).toBe(value.name)
    expect(document.activeElement).toBe(editOf(wrapper, value.name).element)
  })
})
