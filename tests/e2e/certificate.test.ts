import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { openCore } from '../../electron/core/culture-core'
import { printCertificate } from '../../electron/core/training/certificate'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

describe('the onboarding certificate', () => {
  it('prints one page for a trainee who completed the path with at least 80%, and refuses otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'culture-book-cert-'))
    const core = openCore(join(dir, 'library.sqlite'))
    try {
      const trainee = core.training.createTrainee({ name: 'Åsa Øberg', team: 'Returns', startDate: '2026-01-05' })
      const refused = await printCertificate(core.training.progress(trainee.id), { printer: chromiumPrinter(CHROMIUM), outPath: join(dir, 'no.pdf'), company: 'Northwind Shoes', date: '2026-03-01' }).catch((e) => e)
      expect(refused.message).toMatch(/has not completed the onboarding path with at least 80%/)

      // Best answers all the way through the path.
      for (;;) {
        const start = core.training.start(trainee.id, 'onboarding')
        if (start.sessionId === null) break
        const scenario = core.training.scenarios.get(start.scenario.id)
        let stepId = scenario.start
        for (;;) {
          const step = scenario.steps.find((s) => s.id === stepId)!
          const best = [...step.choices].sort((a, b) => b.quality - a.quality || Number(!!b.outcome) - Number(!!a.outcome))[0]
          const result = core.training.answer(start.sessionId, best.id)
          if (result.ending) break
          stepId = best.next!
        }
      }
      const progress = core.training.progress(trainee.id)
      expect(progress.certificate).toBe(true)
      const out = join(dir, 'certificate.pdf')
      await printCertificate(progress, { printer: chromiumPrinter(CHROMIUM), outPath: out, company: 'Northwind Shoes', date: '2026-03-01' })
      expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)
      const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })
      expect(text).toContain('Åsa Øberg')
      expect(text).toContain('Northwind Shoes'.toUpperCase())
    } finally {
      core.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
