import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { openCore } from '../../electron/core/culture-core'
import { printCertificate } from '../../electron/core/training/certificate'
import { PdfFile } from './pdf-file'

describe('the onboarding certificate', () => {
  it('prints one page for a trainee who completed the path with at least 80%, and refuses otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'culture-book-cert-'))
    const core = openCore(join(dir, 'library.sqlite'))
    try {
      const trainee = core.training.createTrainee({ name: 'Åsa Øberg', team: 'Returns', startDate: '2026-01-05' })
      const refused = await printCertificate(core.training.progress(trainee.id), {
        printer: chromiumPrinter(),
        outPath: join(dir, 'no.pdf'),
        company: 'Northwind Shoes',
        date: '2026-03-01',
      }).catch((e) => e)
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
      await printCertificate(progress, { printer: chromiumPrinter(), outPath: out, company: 'Northwind Shoes', date: '2026-03-01' })
      const pdf = new PdfFile(out)
      try {
        expect(pdf.pageCount).toBe(1)
        const text = pdf.text(1)
        expect(text).toContain('Åsa Øberg')
        // Set in letter-spaced capitals, which read back with a space between the letters.
        expect(text.replace(/\s+/g, '')).toContain('NORTHWINDSHOES')
      } finally {
        pdf.close()
      }
    } finally {
      core.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
