import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import type { ScenarioChoice } from '../../electron/core/training/scenario'
import { storyFields } from '../../electron/core/stories/story-input'
import ScenarioPlayer from '../../src/views/training/ScenarioPlayer.vue'
import { storyInput } from '../unit/temp-library'
import { installCoreBridge, type CoreBridge } from './core-bridge'
import { eventually, mountAlone, settle } from './mount-app'

type Mode = 'onboarding' | 'practice' | 'focus'

function trainee(core: CultureCore): string {
  return core.training.createTrainee({ name: 'Mia', team: 'Loyalty', startDate: new Date().toISOString().slice(0, 10) }).id
}

async function openPlayer(traineeId: string, mode: Mode = 'onboarding') {
  const { wrapper } = mountAlone(ScenarioPlayer, { traineeId, mode })
  await eventually(() =>
    expect(wrapper.find('[data-testid="scenario"], [data-testid="training-message"], [data-testid="fact-card"]').exists()).toBe(true),
  )
  return wrapper
}

const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true }))
const title = (wrapper: VueWrapper) => wrapper.find('[data-testid="scenario"] h2').text()
const situation = (wrapper: VueWrapper) => wrapper.find('.situation').text()
const answers = (bridge: CoreBridge) => bridge.calls.filter((c) => c.method === 'training.answer').length
const remaining = (wrapper: VueWrapper) => Number(/(\d+) more after this/.exec(wrapper.find('.scenario-head').text())![1])

/** The key (1, 2, …) of the choice on screen that `pick` wants, looked up in the scenario the library holds. */
function keyFor(core: CultureCore, wrapper: VueWrapper, pick: (choices: ScenarioChoice[]) => ScenarioChoice): string {
  const scenario = core.training.scenarios.list().find((s) => s.title === title(wrapper))!
  const step = scenario.steps.find((s) => s.situation.trim() === situation(wrapper))!
  const wanted = pick(step.choices)
  const buttons = wrapper.findAll('[data-testid="choice"]')
  const at = buttons.findIndex((b) => b.text().replace(/^\d+\s*/, '') === wanted.text.trim())
  expect(at, `choice “${wanted.text}” on screen`).toBeGreaterThanOrEqual(0)
  return String(at + 1)
}
const best = (choices: ScenarioChoice[]) => choices.reduce((a, b) => (b.quality > a.quality ? b : a))
const worst = (choices: ScenarioChoice[]) => choices.reduce((a, b) => (b.quality < a.quality ? b : a))

/** Answers step after step with `pick`, by keyboard, until the scenario ends. */
async function playToEnd(core: CultureCore, wrapper: VueWrapper, pick: typeof best) {
  for (let step = 0; step < 10; step++) {
    press(keyFor(core, wrapper, pick))
    await settle()
    if (wrapper.find('[data-testid="ending"]').exists()) return
    const before = situation(wrapper)
    press('Enter')
    await settle()
    expect(situation(wrapper)).not.toBe(before)
    expect(wrapper.find('[data-testid="feedback"]').exists()).toBe(false)
  }
  throw new Error('the scenario did not end')
}

describe('the scenario player', () => {
  it('plays by keyboard: a number answers once, Enter goes on, and the next scenario follows the ending', async () => {
    const bridge = installCoreBridge()
    const id = trainee(bridge.core)
    const wrapper = await openPlayer(id)
    const first = title(wrapper)
    const left = remaining(wrapper)

    press(keyFor(bridge.core, wrapper, best))
    await settle()
    expect(wrapper.find('[data-testid="feedback"] strong').text()).toBe('Best answer')
    expect(wrapper.findAll('[data-testid="choice"]').every((b) => b.attributes('disabled') !== undefined)).toBe(true)
    // A second number changes nothing: the answer stands.
    press('2')
    await settle()
    expect(answers(bridge)).toBe(1)

    if (!wrapper.find('[data-testid="ending"]').exists()) {
      press('Enter')
      await settle()
      await playToEnd(bridge.core, wrapper, best)
    }
    expect(wrapper.find('[data-testid="ending"] .outcome').text()).toBe('Customer for life')
    expect(wrapper.find('[data-testid="ending"]').text()).toContain('Score 100%')
    expect(wrapper.findAll('[data-testid="ending"] button').map((b) => b.text())).toEqual(['Next scenario Enter'])
    expect(bridge.core.training.progress(id).attempts).toBe(1)

    press('Enter')
    await settle()
    expect(title(wrapper)).not.toBe(first)
    expect(remaining(wrapper)).toBe(left - 1)
  })

  it('offers another try after a poor ending, from the first step of the same scenario', async () => {
    const bridge = installCoreBridge()
    const wrapper = await openPlayer(trainee(bridge.core))
    const first = { title: title(wrapper), situation: situation(wrapper) }
    await playToEnd(bridge.core, wrapper, worst)
    expect(wrapper.find('[data-testid="ending"] .outcome').text()).toBe('Lost, and tells others')
    await wrapper
      .findAll('[data-testid="ending"] button')
      .find((b) => b.text() === 'Try again')!
      .trigger('click')
    await settle()
    expect({ title: title(wrapper), situation: situation(wrapper) }).toEqual(first)
    expect(wrapper.find('[data-testid="feedback"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="choice"]').every((b) => b.attributes('disabled') === undefined)).toBe(true)
  })

  it('links the real story behind the scenario once the library has it', async () => {
    const bridge = installCoreBridge()
    const { core } = bridge
    const scenario = core.training.onboardingPath()[0]
    const { story_hint: hint } = core.db.prepare('SELECT story_hint FROM scenarios WHERE id = ?').get(scenario.id) as { story_hint: string }
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: hint })), 'draft')
    const wrapper = await openPlayer(trainee(core))
    expect(title(wrapper)).toBe(scenario.title)
    await playToEnd(core, wrapper, best)
    const link = wrapper.find('[data-testid="real-story"] a')
    expect(link.text()).toBe(hint)
    expect(link.attributes('href')).toBe(`/stories/${story.id}`)
  })

  it('shows a fact card every third scenario; Enter puts it away before any answer', async () => {
    const bridge = installCoreBridge()
    const { core } = bridge
    const id = trainee(core)
    // Three scenarios finished earlier.
    for (let n = 0; n < 3; n++) {
      const start = core.training.start(id, 'onboarding')
      if (start.sessionId === null) throw new Error(start.message)
      let result = core.training.answer(start.sessionId, start.step.choices[0].id)
      while (result.next) result = core.training.answer(start.sessionId, result.next.choices[0].id)
    }
    const wrapper = await openPlayer(id)
    expect(wrapper.find('[data-testid="fact-card"] .fact').text()).not.toBe('')
    expect(wrapper.find('[data-testid="scenario"]').exists()).toBe(false)
    press('1')
    await settle()
    expect(answers(bridge)).toBe(0)
    press('Enter')
    await settle()
    expect(wrapper.find('[data-testid="fact-card"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="scenario"]').exists()).toBe(true)
  })

  it('says when nothing is due, and goes back', async () => {
    const bridge = installCoreBridge()
    const wrapper = await openPlayer(trainee(bridge.core), 'practice')
    expect(wrapper.find('[data-testid="training-message"] p').text()).toMatch(/Nothing is due/)
    await wrapper.find('[data-testid="training-message"] button').trigger('click')
    expect(wrapper.emitted('done')).toHaveLength(1)
  })
})
