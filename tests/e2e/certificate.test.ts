import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPrinter } from '../../electron/core/book/chromium-printer'
import { openCore } from '../../electron/core/culture-core'
import { printCertificate } from '../../electron/core/training/certificate'
import { playOnboardingPath } from '../unit/onboarding-path'
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

      playOnboardingPath(core, trainee.id)
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
