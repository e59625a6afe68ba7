import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import type { CultureCore } from '../../electron/core/culture-core'
import { certificateHtml } from '../../electron/core/training/certificate'
import { localDate } from '../../electron/core/format-date'
import { playOnboardingPath } from './onboarding-path'
import { tempCore } from './temp-library'

/** A trainee who chose the best answer at every step of the onboarding path. */
function certifiedTrainee(core: CultureCore) {
  const trainee = core.training.createTrainee({ name: 'Åsa Øberg', team: 'Returns', startDate: localDate() })
  playOnboardingPath(core, trainee.id)
  const progress = core.training.progress(trainee.id)
  expect(progress.certificate).toBe(true)
  return progress
}

const read = (html: string) => {
  const { document } = new JSDOM(html).window
  const text = (selector: string) => document.querySelector(selector)!.textContent!.trim()
  // Whitespace as read: the locale's no-break space before % reads as a space.
  return { document, text, body: document.body.textContent!.replace(/\s+/g, ' ') }
}

describe('the certificate', () => {
  it('says "all core values" only while the path covers every value the library has', () => {
    const core = tempCore()
    const today = localDate()
    const ten = read(certificateHtml(certifiedTrainee(core), { company: 'Northwind Shoes', date: today }))
    expect(ten.body).toContain('covering all 10 core values, with a score of 100%.')
    // Today where the trainee is, written out in English (was the bare ISO day).
    expect(ten.text('.meta')).toBe(
      `Returns · ${new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`,
    )

    // An eleventh value that no scenario of the path is about: "all" would be untrue.
    core.values.create({ name: 'Own your mistakes', description: 'Say so first.', color: '#445566' })
    const eleven = read(certificateHtml(certifiedTrainee(core), { company: 'Northwind Shoes', date: today }))
    expect(eleven.body).toContain('covering 10 of 11 core values, with a score of 100%.')
    expect(eleven.body).not.toContain('all')
  })

  it('is printed in the language it is asked for: texts, score, date and lang', () => {
    const core = tempCore()
    const progress = certifiedTrainee(core)
    const danish = read(certificateHtml(progress, { company: 'Northwind Shoes', date: '2026-03-01', language: 'da' }))
    expect(danish.document.documentElement.getAttribute('lang')).toBe('da')
    expect(danish.text('title')).toBe('Kursusbevis')
    expect(danish.text('h1')).toBe('Servicegenopretning – introforløb')
    expect(danish.body).toContain('Hermed bekræftes det, at')
    expect(danish.body).toContain('og dermed alle 10 kerneværdier med en score på 100 %.')
    expect(danish.text('.meta')).toBe('Returns · 1. marts 2026')

    const swedish = read(certificateHtml(progress, { company: 'Northwind Shoes', date: '2026-03-01', language: 'sv' }))
    expect(swedish.document.documentElement.getAttribute('lang')).toBe('sv')
    expect(swedish.text('title')).toBe('Intyg')
    expect(swedish.body).toContain('Härmed intygas att')
    expect(swedish.body).toContain('och därmed alla 10 kärnvärden, med resultatet 100 %.')
    expect(swedish.text('.meta')).toBe('Returns · 1 mars 2026')

    const english = read(certificateHtml(progress, { company: 'Northwind Shoes', date: '2026-03-01' }))
    expect(english.document.documentElement.getAttribute('lang')).toBe('en')
    expect(english.text('.meta')).toBe('Returns · 1 March 2026')
  })
})
