import { describe, expect, it, vi } from 'vitest'
import { formatDate, localDate } from '../../electron/core/format-date'
import { eventually, mountApp, settle } from './mount-app'
import { signedInFresh, teamServer } from './team-browser'

/** A team server with two trainees and a trainer; `email` signed in on this page. */
async function signedIn(email: string) {
  const { core, server, sent, member } = await teamServer()
  const mia = await member('mia@example.com', 'Mia Holm', ['trainee'])
  await member('bo@example.com', 'Bo', ['trainee'])
  await member('tove@example.com', 'Tove', ['trainer'])
  await member('cora@example.com', 'Cora', ['contributor'])
  // happy-dom has no EventSource; the change stream is not what this is about.
  vi.stubGlobal(
    'EventSource',
    class {
      close() {}
    },
  )
  await signedInFresh(email)
  return { core, server, sent, mia }
}

const calls = (sent: { path: string }[]) => sent.filter((s) => s.path.startsWith('/api/')).map((s) => s.path.slice('/api/'.length))

describe('My training (a trainee on a team server)', () => {
  it('opens straight on the trainee’s own training: no picker, nothing of the trainers’, and plays their scenario', async () => {
    const { core, sent, mia } = await signedIn('mia@example.com')
    const own = core.training.mine(mia.id)!
    const { wrapper } = await mountApp('/training')
    const page = wrapper.find('[data-testid="my-training"]')
    expect(page.find('h1').text()).toBe('My training')
    await eventually(() => expect(page.find('[data-testid="trainee-progress"] h2').text()).toBe('Your progress'))
    expect(page.find('[data-testid="trainee-meta"]').text()).toContain(`Started ${formatDate(own.startDate)}`)
    // No way to pick, add or oversee anyone else.
    expect(page.find('[data-testid="trainee-select"]').exists()).toBe(false)
    expect(page.find('.new-trainee').exists()).toBe(false)
    const controls = page.findAll('button, a, select:not([name="my-language"]), input').map((c) => c.attributes('aria-label') ?? c.text())
    expect(controls).toEqual([
      expect.stringContaining('Onboarding path'),
      expect.stringContaining('Practice'),
      'Value to focus on',
      'Start',
    ])
    expect(page.find('a[href*="/training/team"]').exists()).toBe(false)
    expect(page.find('a[href*="/training/scenarios"]').exists()).toBe(false)
    // The modes are buttons, reached by keyboard like the rest of the app; Focus's value list is labelled.
    expect(page.find('[data-testid="mode-onboarding"]').element.tagName).toBe('BUTTON')
    expect(page.find('.mode-card select').attributes('aria-label')).toBe('Value to focus on')

    // Her own choice of language for her scenarios, labelled, each language named in itself.
    const language = page.find('[data-testid="my-language"]')
    expect(language.element.closest('label')!.textContent).toContain('Scenarios in')
    expect(language.findAll('option').map((o) => o.text())).toEqual(['English', 'Dansk', 'Svenska'])
    await language.setValue('sv')
    await eventually(() => expect(page.find('[data-testid="trainee-meta"]').text()).toContain('Scenarios in Swedish'))
    expect(core.training.mine(mia.id)!.language).toBe('sv')

    await page.find('[data-testid="mode-onboarding"]').trigger('click')
    await eventually(() => expect(wrapper.find('[data-testid="scenario"]').exists()).toBe(true))
    // While a scenario is under way its language stays put.
    expect(page.find('[data-testid="my-language"]').exists()).toBe(false)
    await wrapper.find('[data-testid="choice"]').trigger('click')
    await eventually(() => expect(wrapper.find('[data-testid="feedback"]').exists()).toBe(true))

    // The page found Mia's record by her session alone, and asked nothing a trainer asks.
    const asked = calls(sent)
    expect(asked).toContain('training.mine')
    for (const trainers of ['trainees.list', 'training.team', 'scenarios.list']) expect(asked).not.toContain(trainers)
    wrapper.unmount()
  })

  it('tells someone without the trainee role that they have no training, without asking for anyone’s', async () => {
    const { sent } = await signedIn('cora@example.com')
    const { wrapper } = await mountApp('/training')
    await eventually(() => expect(wrapper.find('[data-testid="no-training"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="no-training"]').text()).toBe('Your account has no training. An admin can give you the trainee role.')
    expect(wrapper.find('[data-testid="no-training"]').attributes('role')).toBe('status')
    expect(calls(sent).filter((m) => m.startsWith('train'))).toEqual([])
    expect(wrapper.text()).not.toContain('Who is training?')
    wrapper.unmount()
  })

  it('shows a trainer today’s page: every trainee by name, to pick from, and their addresses in team progress', async () => {
    const { core } = await signedIn('tove@example.com')
    const { wrapper } = await mountApp('/training')
    await settle()
    expect(wrapper.find('[data-testid="my-training"]').exists()).toBe(false)
    const options = wrapper.findAll('[data-testid="trainee-select"] option').map((o) => o.text())
    expect(options).toEqual(['Bo', 'Mia Holm'])
    expect(wrapper.find('a[href*="/training/team"]').exists()).toBe(true)
    wrapper.unmount()
    // Team progress names each person who signs in with their address; a trainee a trainer keeps has none.
    core.training.createTrainee({ name: 'Kim', team: 'Warehouse', startDate: localDate(new Date()) })
    const team = await mountApp('/training/team')
    await eventually(() => expect(team.wrapper.findAll('[data-testid="team-table"] tbody tr')).toHaveLength(3))
    const names = team.wrapper.findAll('[data-testid="team-table"] tbody tr').map((row) => row.find('td').text())
    expect(names).toEqual(['Bo bo@example.com', 'Kim', 'Mia Holm mia@example.com'])
    team.wrapper.unmount()
  })
})
