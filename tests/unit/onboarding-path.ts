import type { CultureCore } from '../../electron/core/culture-core'

/** Plays the trainee's whole onboarding path, choosing the best answer at every step. */
export function playOnboardingPath(core: CultureCore, traineeId: string): void {
  for (;;) {
    const start = core.training.start(traineeId, 'onboarding')
    if (start.sessionId === null) return
    const scenario = core.training.scenarios.get(start.scenario.id)
    let stepId = scenario.start
    for (;;) {
      const step = scenario.steps.find((s) => s.id === stepId)!
      const best = [...step.choices].sort((a, b) => b.quality - a.quality || Number(!!b.outcome) - Number(!!a.outcome))[0]
      if (core.training.answer(start.sessionId, best.id).ending) break
      stepId = best.next!
    }
  }
}
