import { describe, expect, it } from 'vitest'
import { createEmptyCard, Rating } from 'ts-fsrs'
import type { CultureCore } from '../../electron/core/culture-core'
import { parseCard, ratingFor, review } from '../../electron/core/training/review-scheduler'
import type { Scenario, ScenarioFields } from '../../electron/core/training/scenario'
import { validateScenario } from '../../electron/core/training/scenario-validation'
import { answer, scoreOf, startSession } from '../../electron/core/training/session-engine'
import { createDispatch } from '../../electron/core/dispatch'
import { teamCsv } from '../../electron/core/training/team-csv'
import { TrainingService } from '../../electron/core/training/training-service'
import { ScenarioRepository } from '../../electron/core/training/scenario-repository'
import { seededRandom } from '../bench/search-corpus'
import { oldFormatLibrary, tempCore, tempDir, thrown } from './temp-library'
import { branchingOf, STARTER_TRANSLATIONS, translatedSteps, type ScenarioTexts } from '../../electron/core/training/scenario-translations'
import starterPack from '../../resources/training/scenarios.json'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'

function graph(): ScenarioFields {
  const c = (id: string, quality: 0 | 1 | 2 | 3, lead: { next?: string; outcome?: 'customer-for-life' | 'satisfied' | 'lost' }) => ({
    id,
    text: `Choice ${id} ${quality}`,
    feedback: `Because ${id}.`,
    quality,
    serves: [],
    betrays: [],
    next: lead.next ?? null,
    outcome: lead.outcome ?? null,
  })
  return {
    title: 'Late parcel',
    language: 'en',
    valueIds: ['00000000-0000-4000-8000-000000000001'],
    start: 's1',
    storyId: null,
    steps: [
      {
        id: 's1',
        situation: 'A parcel is late.',
        customerSays: 'Where is it?',
        choices: [c('a', 3, { next: 's2' }), c('b', 1, { outcome: 'satisfied' }), c('c', 0, { outcome: 'lost' })],
      },
      {
        id: 's2',
        situation: 'She replies.',
        customerSays: 'Thank you.',
        choices: [c('a', 3, { outcome: 'customer-for-life' }), c('b', 2, { outcome: 'satisfied' }), c('c', 0, { outcome: 'lost' })],
      },
    ],
  }
}

describe('scenario validation', () => {
  it('accepts a sound branching scenario', () => {
    expect(validateScenario(graph())).toEqual([])
  })

  const broken: [string, (s: ScenarioFields) => void, RegExp][] = [
    ['a dangling step', (s) => (s.steps[0].choices[0].next = 's9'), /Step “s1”: .*leads to a step “s9” that does not exist/],
    [
      'two choices with the same text',
      (s) => (s.steps[1].choices[1].text = s.steps[1].choices[0].text),
      /Step “s2”: two choices have the same text/,
    ],
    ['an empty feedback', (s) => (s.steps[1].choices[2].feedback = '  '), /Step “s2”: .*has no feedback/],
    [
      'a choice going nowhere',
      (s) => (s.steps[0].choices[1].outcome = null),
      /Step “s1”: .*either to a next step or to an ending, not neither/,
    ],
    [
      'an unreachable step',
      (s) => (s.steps[0].choices[0] = { ...s.steps[0].choices[0], next: null, outcome: 'customer-for-life' }),
      /Step “s2”: cannot be reached/,
    ],
    ['a loop', (s) => (s.steps[1].choices[1] = { ...s.steps[1].choices[1], next: 's1', outcome: null }), /Step “s1”: is part of a loop/],
    [
      'no best path',
      (s) => s.steps[1].choices.forEach((c) => c.outcome === 'customer-for-life' && (c.quality = 1)),
      /Step “s1”: no path of good choices/,
    ],
    ['too few choices', (s) => s.steps[0].choices.splice(1), /Step “s1”: has 1 choice; give 3 to 5/],
  ]
  it.each(broken)('names the step at fault for %s', (_name, breakIt, message) => {
    const s = graph()
    breakIt(s)
    const issues = validateScenario(s)
    expect(issues.map((i) => i.message).join('\n')).toMatch(message)
  })

  it('never throws on generated bad graphs', () => {
    const random = seededRandom(5)
    const ids = ['s1', 's2', 's3', 'nope', '']
    for (let n = 0; n < 300; n++) {
      const s = graph()
      for (const step of s.steps) {
        for (const c of step.choices) {
          const r = random()
          if (r < 0.3) c.next = ids[Math.floor(random() * ids.length)] || null
          if (r > 0.7) c.outcome = null
          if (random() < 0.1) c.feedback = ''
          if (random() < 0.1) c.quality = 0
        }
      }
      if (random() < 0.2) s.start = 'missing'
      expect(() => validateScenario(s)).not.toThrow()
    }
  })
})

describe('the starter pack', () => {
  it('ships at least 24 valid scenarios: two per value, six with several steps, some in Danish', () => {
    const core = tempCore()
    const scenarios = core.training.scenarios.list()
    expect(scenarios.length).toBeGreaterThanOrEqual(24)
    for (const s of scenarios) expect(validateScenario(s), s.slug).toEqual([])
    for (const v of core.values.list()) expect(scenarios.filter((s) => s.valueIds[0] === v.id).length, v.name).toBeGreaterThanOrEqual(2)
    expect(scenarios.filter((s) => s.steps.length >= 2).length).toBeGreaterThanOrEqual(6)
    expect(scenarios.some((s) => s.language === 'da')).toBe(true)
    expect(core.training.onboardingPath().map((s) => s.valueIds[0])).toEqual(core.values.list().map((v) => v.id))
  })
})

function scenarioOf(fields: ScenarioFields): Scenario {
  return {
    ...fields,
    id: 'x',
    slug: 'x',
    translationOf: null,
    attemptCount: 0,
    shipped: false,
    hidden: false,
    createdAt: '',
    updatedAt: '',
  }
}

describe('the session state machine and scoring', () => {
  it('walks from step to step to an ending, and scores it', () => {
    let state = startSession(scenarioOf(graph()), seededRandom(1))
    expect(state.stepId).toBe('s1')
    ;({ state } = answer(state, 'a'))
    expect(state.stepId).toBe('s2')
    expect(state.outcome).toBeNull()
    ;({ state } = answer(state, 'a'))
    expect(state.outcome).toBe('customer-for-life')
    expect(scoreOf(state)).toBe(1)
    expect(() => answer(state, 'a')).toThrow(/already ended/)
    const lost = answer(startSession(scenarioOf(graph())), 'c').state
    expect(lost.outcome).toBe('lost')
    expect(scoreOf(lost)).toBe(0)
    expect(() => answer(startSession(scenarioOf(graph())), 'zz')).toThrow(/not one of/)
  })

  it('shuffles the choices', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => startSession(scenarioOf(graph()), seededRandom(i)).order.s1.join('')))
    expect(orders.size).toBeGreaterThan(1)
  })
})

describe('scheduling with ts-fsrs', () => {
  it('brings a missed scenario back before one answered well', () => {
    const now = new Date('2026-03-01T09:00:00Z')
    const missed = review(createEmptyCard(now), ratingFor('lost', 0, false), now)
    const nailed = review(createEmptyCard(now), ratingFor('customer-for-life', 3, false), now)
    expect(missed.due.getTime()).toBeLessThan(nailed.due.getTime())
    expect(ratingFor('customer-for-life', 3, true)).toBe(Rating.Good)
    expect(ratingFor('satisfied', 2, false)).toBe(Rating.Hard)
  })

  it('survives a clock that went backwards and a state from a newer version', () => {
    const now = new Date('2026-03-01T09:00:00Z')
    const card = review(createEmptyCard(now), Rating.Good, now)
    const earlier = new Date('2020-01-01T00:00:00Z')
    const again = review(card, Rating.Good, earlier)
    expect(again.due.getTime()).toBeGreaterThanOrEqual(now.getTime())
    expect(parseCard(JSON.stringify(card), 99, now).reps).toBe(0)
    expect(parseCard('{not json', 1, now).reps).toBe(0)
    expect(parseCard(JSON.stringify(card), 1, now).reps).toBe(1)
  })
})

function fixedClock(core: CultureCore, start: string) {
  let now = new Date(start)
  const service = new TrainingService(
    core.db,
    core.values,
    new ScenarioRepository(core.db, core.values, core.changes),
    core.changes,
    () => now,
    seededRandom(3),
  )
  return { service, advance: (days: number) => (now = new Date(now.getTime() + days * 86_400_000)) }
}

/** Plays a whole scenario choosing the best (or worst) answer at every step. */
function play(service: TrainingService, sessionId: string, best: boolean) {
  const scenarioId = (service as unknown as { sessions: Map<string, { state: { scenario: Scenario } }> }).sessions.get(sessionId)!.state
    .scenario
  let stepId = scenarioId.start
  for (;;) {
    const step = scenarioId.steps.find((s) => s.id === stepId)!
    const pick = [...step.choices].sort((a, b) => (best ? b.quality - a.quality : a.quality - b.quality))[0]
    const result = service.answer(sessionId, pick.id)
    if (result.ending) return result
    stepId = pick.next!
  }
}

describe('training progress', () => {
  it('completes the onboarding path, finds the missed one due in practice, and grants the certificate at 80%', () => {
    const core = tempCore()
    const { service, advance } = fixedClock(core, '2026-03-01T09:00:00Z')
    const trainee = service.createTrainee({ name: 'Nora Dahl', team: 'Returns', startDate: '2026-02-20' })
    let first = true
    for (;;) {
      const start = service.start(trainee.id, 'onboarding')
      if (start.sessionId === null) break
      const ending = play(service, start.sessionId, !first)
      if (first) expect(ending.ending!.outcome).not.toBe('customer-for-life')
      first = false
    }
    const progress = service.progress(trainee.id)
    expect(progress.pathDone).toBe(progress.pathTotal)
    expect(progress.scenariosDone).toBe(progress.pathTotal)
    expect(progress.values.every((v) => v.score !== null)).toBe(true)
    // The weakest value is one the badly answered scenario trains.
    expect(core.training.onboardingPath()[0].valueIds).toContain(progress.weakestValueId)
    expect(progress.certificate).toBe((progress.pathScore ?? 0) >= 0.8)

    // A day later the badly answered scenario is due; the well answered ones are not.
    advance(1)
    const due = service.start(trainee.id, 'practice')
    expect(due.sessionId).not.toBeNull()
    if (due.sessionId) expect(due.scenario.id).toBe(core.training.onboardingPath()[0].id)
  })

  it('keeps attempts when a played scenario is deleted, after asking', () => {
    const core = tempCore()
    const trainee = core.training.createTrainee({ name: 'Ola', team: '', startDate: '2026-01-01' })
    const start = core.training.start(trainee.id, 'onboarding')
    if (start.sessionId === null) throw new Error('no scenario')
    play(core.training, start.sessionId, true)
    const err = thrown<Error>(() => core.training.scenarios.delete(start.scenario.id, false))
    expect(err).toMatchObject({ kind: 'in_use', code: 'scenario.inUse', params: { count: 1 } })
    expect(err.message).toMatch(/has been played once\. Delete it anyway\?/)
    core.training.scenarios.delete(start.scenario.id, true)
    expect(core.training.scenarios.list().some((s) => s.id === start.scenario.id)).toBe(false)
    expect(core.training.progress(trainee.id).attempts).toBe(1)
  })

  it('exports the team table as CSV that spreadsheets cannot run', () => {
    const core = tempCore()
    core.training.createTrainee({ name: '=HYPERLINK("http://evil")', team: 'Lager, Århus', startDate: '2026-01-01' })
    const csv = teamCsv(core.training.team(), core.values.list())
    expect(csv.startsWith('\uFEFFTrainee,Team,')).toBe(true)
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(csv).toContain('"Lager, Århus"')
  })

  it('writes the team CSV’s headings, yes/no and file name in the language the window asks for', async () => {
    const core = tempCore()
    core.training.createTrainee({ name: 'Ola', team: 'Lager', startDate: '2026-01-01' })
    const dispatch = createDispatch(core)
    const csvIn = async (language?: 'en' | 'da' | 'sv') => {
      const answer = await dispatch('training.teamCsv', language ? { language } : {})
      if (!answer.ok) throw new Error(answer.error.message)
      return answer.value as { fileName: string; csv: string }
    }
    const english = await csvIn()
    expect(english.fileName).toMatch(/^training-progress-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(english.csv.split('\r\n')[0]).toBe(
      '\uFEFFTrainee,Team,Start date,Onboarding done,Onboarding total,Onboarding score %,Scenarios done,Reviews due,Weakest value,Last activity,Certificate',
    )
    expect(english.csv.split('\r\n')[1]).toMatch(/,no$/)
    const danish = await csvIn('da')
    expect(danish.fileName).toMatch(/^teamets-fremskridt-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(danish.csv.split('\r\n')[0]).toBe(
      '\uFEFFNyansat,Team,Startdato,"Introforløb, gennemført","Introforløb, i alt",Resultat i introforløbet (%),Scenarier gennemført,Til repetition,Svageste kerneværdi,Sidst aktiv,Kursusbevis',
    )
    expect(danish.csv.split('\r\n')[1]).toMatch(/,nej$/)
    const swedish = await csvIn('sv')
    expect(swedish.fileName).toMatch(/^teamets-framsteg-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(swedish.csv.split('\r\n')[0]).toBe(
      '\uFEFFNyanställd,Team,Startdatum,"Introduktionsprogram, klara","Introduktionsprogram, totalt",Resultat i introduktionsprogrammet (%),Genomförda scenarier,Att repetera,Svagaste kärnvärde,Senast aktiv,Intyg',
    )
    expect(swedish.csv.split('\r\n')[1]).toMatch(/,nej$/)
  })
})

describe('the certificate page', () => {
  it('carries a strict policy and shows a hostile name as text', async () => {
    const { JSDOM } = await import('jsdom')
    const { certificateHtml } = await import('../../electron/core/training/certificate')
    const hostile = '</style><script>alert(1)</script><img src=x onerror=alert(2)>'
    type Progress = Parameters<typeof certificateHtml>[0]
    const progress = { trainee: { name: hostile, team: hostile }, pathScore: 1, values: [] } as unknown as Progress
    const html = certificateHtml(progress, { company: hostile, date: '2026-11-29' })
    const { document } = new JSDOM(html).window
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''
    expect(policy).toMatch(/default-src 'none'/)
    expect(policy).not.toMatch(/script-src/)
    expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0)
    expect(document.querySelector('.name')?.textContent).toBe(hostile)
  })
})

describe('training in the trainee’s language', () => {
  /** Plays every scenario a mode offers (best answers), returning what was shown. */
  function playAll(core: CultureCore, traineeId: string, mode: 'onboarding' | 'focus', valueId?: string, max = 40) {
    const shown: Extract<ReturnType<CultureCore['training']['start']>, { sessionId: string }>['scenario'][] = []
    for (let i = 0; i < max; i++) {
      const start = core.training.start(traineeId, mode, valueId)
      if (start.sessionId === null) break
      shown.push(start.scenario)
      play(core.training, start.sessionId, true)
    }
    return shown
  }

  it('walks a Swedish trainee through an onboarding path that is all Swedish', () => {
    const core = tempCore()
    const trainee = core.training.createTrainee({ name: 'Åsa Öberg', team: 'Kundtjänst', startDate: '2026-01-05', language: 'sv' })
    expect(trainee.language).toBe('sv')
    const shown = playAll(core, trainee.id, 'onboarding')
    expect(shown).toHaveLength(core.values.list().length)
    expect(shown.every((s) => s.language === 'sv' && s.languageLabel === null)).toBe(true)
    const progress = core.training.progress(trainee.id)
    expect(progress.pathDone).toBe(progress.pathTotal)
    expect(progress.certificate).toBe(true)
  })

  it('shows a Danish trainee an English-only scenario in Focus, labelled, after the Danish ones', () => {
    const core = tempCore()
    const wow = core.values.list()[0].id
    const english = core.training.scenarios.save(null, { ...graph(), title: 'A custom English scenario', valueIds: [wow] })
    const trainee = core.training.createTrainee({ name: 'Mette', team: '', startDate: '2026-01-05', language: 'da' })
    const shown = playAll(core, trainee.id, 'focus', wow, 60)
    const at = shown.findIndex((s) => s.id === english.id)
    expect(at).toBeGreaterThan(0)
    expect(shown[at]).toMatchObject({ language: 'en', languageLabel: 'På engelsk' })
    // Only a scenario in another language is labelled, and every Danish one came before them.
    const unplayed = shown.slice(0, at + 1)
    for (const s of unplayed) expect(s.languageLabel === null, s.title).toBe(s.language === 'da')
    const firstOther = unplayed.findIndex((s) => s.language !== 'da')
    expect(unplayed.slice(firstOther).every((s) => s.language !== 'da')).toBe(true)
  })

  it('keeps one review date per scenario family, whichever language it was played in', () => {
    const core = tempCore()
    const trainee = core.training.createTrainee({ name: 'Jonas', team: '', startDate: '2026-01-05', language: 'da' })
    const start = core.training.start(trainee.id, 'onboarding')
    if (start.sessionId === null) throw new Error('no scenario')
    play(core.training, start.sessionId, true)
    const played = core.training.scenarios.get(start.scenario.id)
    const family = played.translationOf ?? played.id
    expect(core.db.prepare('SELECT scenario_id FROM review_state WHERE trainee_id = ?').all(trainee.id)).toEqual([{ scenario_id: family }])
    // The English original of the same family counts as done: it is not offered again.
    expect(core.training.queue(trainee.id, 'onboarding').some((p) => p.family === family)).toBe(false)
  })
})

describe('the starter pack in three languages', () => {
  it('branches every translation exactly like its original', () => {
    const core = tempCore()
    const all = core.training.scenarios.list()
    const originals = all.filter((s) => s.translationOf === null)
    let translations = 0
    for (const original of originals) {
      const family = all.filter((s) => s.translationOf === original.id)
      for (const t of family) {
        expect(branchingOf(t), `${t.slug}`).toEqual(branchingOf(original))
        expect(validateScenario(t), t.slug).toEqual([])
        expect(t.storyId).toBe(original.storyId)
        translations++
      }
      expect(new Set(family.map((t) => t.language)).size, original.slug).toBe(family.length)
      expect(family.some((t) => t.language === original.language)).toBe(false)
    }
    expect(translations).toBeGreaterThan(0)
  })

  it('names only steps and choices its original has, in every translation file', () => {
    for (const [language, bySlug] of Object.entries(STARTER_TRANSLATIONS)) {
      for (const [slug, texts] of Object.entries(bySlug)) {
        const original = starterPack.find((s) => s.slug === slug)
        expect(original, `${language}/${slug}`).toBeDefined()
        expect(original!.language, `${language}/${slug}`).not.toBe(language)
        expect(translatedSteps(original!.steps as never, texts), `${language}/${slug}`).not.toBeNull()
      }
    }
  })

  /** A scenario's words in one language: its own if that is its language, else the shipped translation. */
  function wordsIn(original: (typeof starterPack)[number], language: string): ScenarioTexts | undefined {
    if (original.language !== language) return STARTER_TRANSLATIONS[language as keyof typeof STARTER_TRANSLATIONS][original.slug]
    const steps = original.steps.map((s) => [
      s.id,
      {
        situation: s.situation,
        customerSays: s.customerSays,
        choices: Object.fromEntries(s.choices.map((c) => [c.id, { text: c.text, feedback: c.feedback }])),
      },
    ])
    return { title: original.title, steps: Object.fromEntries(steps) }
  }
  /** Every text of a scenario by where it sits (title, s1.situation, s1.a.feedback, …). */
  function textsByPlace(t: ScenarioTexts): Map<string, string> {
    const out = new Map([['title', t.title]])
    for (const [stepId, step] of Object.entries(t.steps)) {
      out.set(`${stepId}.situation`, step.situation)
      out.set(`${stepId}.customerSays`, step.customerSays)
      for (const [choiceId, c] of Object.entries(step.choices)) {
        out.set(`${stepId}.${choiceId}.text`, c.text)
        out.set(`${stepId}.${choiceId}.feedback`, c.feedback)
      }
    }
    return out
  }
  /** Texts that may read the same in two languages (a name on its own, say); none are needed today. */
  const SAME_IN_EVERY_LANGUAGE = new Set<string>([])

  it('has every starter scenario in English, Danish and Swedish, with its steps and choices and no text left untranslated', () => {
    expect(starterPack.length).toBeGreaterThanOrEqual(28)
    for (const original of starterPack) {
      const ids = original.steps.map((s) => [s.id, s.choices.map((c) => c.id)])
      const english = textsByPlace(wordsIn(original, 'en')!)
      const own = textsByPlace(wordsIn(original, original.language)!)
      for (const language of ['en', 'da', 'sv']) {
        const at = `${language}/${original.slug}`
        const words = wordsIn(original, language)
        expect(words, `${at} is missing`).toBeDefined()
        expect(
          Object.entries(words!.steps).map(([id, s]) => [id, Object.keys(s.choices)]),
          at,
        ).toEqual(ids)
        if (language === original.language) continue
        for (const [place, text] of textsByPlace(words!)) {
          expect(text.trim(), `${at} ${place} is empty`).not.toBe('')
          if (SAME_IN_EVERY_LANGUAGE.has(text)) continue
          if (language !== 'en') expect(text, `${at} ${place} is the English text`).not.toBe(english.get(place))
          expect(text, `${at} ${place} is the original's text`).not.toBe(own.get(place))
        }
      }
    }
  })

  it('gives a new library every starter scenario in all three languages', () => {
    const all = tempCore().training.scenarios.list()
    for (const original of starterPack) {
      const row = all.find((s) => s.slug === original.slug && s.translationOf === null)
      expect(row, original.slug).toBeDefined()
      const languages = [row!.language, ...all.filter((s) => s.translationOf === row!.id).map((s) => s.language)]
      expect(languages.sort(), original.slug).toEqual(['da', 'en', 'sv'])
    }
  })
})

describe('upgrading a library from before training languages', () => {
  it('adds the translations once, keeps attempts and review dates, and gives trainees the language they played in', () => {
    const file = join(tempDir(), 'library.sqlite')
    const old = oldFormatLibrary(file, 12, {
      id: '00000000-0000-4000-8000-0000000000aa',
      title: 'Old story',
      at: '2025-01-01T00:00:00.000Z',
    })
    const scenario = (slug: string) =>
      old.prepare('SELECT id, title FROM scenarios WHERE slug = ?').get(slug) as { id: string; title: string }
    const danish = scenario('revnede-saaler')
    const english = scenario('sold-out-size-found-elsewhere')
    const custom = randomUUID()
    old
      .prepare(
        `INSERT INTO scenarios (id, slug, title, language, value_ids, start_step, steps, position, created_at, updated_at)
         SELECT ?, 'egen', 'Kunden der ringede igen og igen', 'en', value_ids, start_step, ?, 99, created_at, updated_at FROM scenarios WHERE id = ?`,
      )
      .run(custom, JSON.stringify(danishSteps()), danish.id)
    const addTrainee = old.prepare("INSERT INTO trainees (id, name, start_date, created_at) VALUES (?, ?, '2025-01-01', '2025-01-01')")
    const attempt = old.prepare(
      `INSERT INTO attempts (id, trainee_id, scenario_id, scenario_title, mode, path, outcome, score, value_marks, finished_at)
       VALUES (?, ?, ?, ?, 'onboarding', '[]', 'satisfied', 0.5, '{}', ?)`,
    )
    const due = new Date(Date.now() - 60_000).toISOString()
    const dane = randomUUID()
    const newcomer = randomUUID()
    addTrainee.run(dane, 'Dorte')
    addTrainee.run(newcomer, 'Nils')
    attempt.run(randomUUID(), dane, danish.id, danish.title, due)
    attempt.run(randomUUID(), dane, custom, 'Kunden', due)
    attempt.run(randomUUID(), dane, english.id, english.title, due)
    old
      .prepare("INSERT INTO review_state (trainee_id, scenario_id, card, due, format) VALUES (?, ?, '{}', ?, 1)")
      .run(dane, english.id, due)
    const before = (old.prepare('SELECT count(*) AS n FROM scenarios').get() as { n: number }).n
    old.close()

    const core = tempCore(file)
    const all = core.training.scenarios.list()
    expect(all.filter((s) => s.translationOf === null)).toHaveLength(before)
    expect(new Set(all.map((s) => `${s.translationOf ?? s.id}/${s.language}`)).size).toBe(all.length)
    expect(core.training.scenarios.get(custom).language).toBe('da')
    expect(core.training.scenarios.get(english.id)).toMatchObject({ language: 'en', translationOf: null })
    expect(all.some((s) => s.translationOf === english.id && s.language === 'da')).toBe(true)
    const trainees = core.training.trainees()
    expect(trainees.find((t) => t.id === dane)?.language).toBe('da')
    expect(trainees.find((t) => t.id === newcomer)?.language).toBe('en')
    const progress = core.training.progress(dane)
    expect(progress).toMatchObject({ attempts: 3, scenariosDone: 3, dueNow: 1 })
    // The English scenario she had due comes back in Danish, as the same family.
    const practice = core.training.start(dane, 'practice')
    if (practice.sessionId === null) throw new Error('nothing due')
    expect(core.training.scenarios.get(practice.scenario.id)).toMatchObject({ translationOf: english.id, language: 'da' })
    // Opening it again adds nothing.
    core.close()
    const again = tempCore(file)
    expect(again.training.scenarios.list()).toHaveLength(all.length)
  })
})

/** A custom scenario's steps written in Danish, for the migration to recognise. */
function danishSteps() {
  return graph().steps.map((s) => ({
    ...s,
    situation: 'Kunden ringer for tredje gang i dag, og hun er ikke glad for det svar, hun fik i går.',
    customerSays: 'Jeg har ventet på jer i over en uge, og det er ikke første gang.',
  }))
}
