import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import type { CultureCore } from '../culture-core'
import { CultureError } from '../errors'
import type { JobState } from '../jobs/job-state'
import { printCertificate } from './certificate'

/** The certificate as a job, like a book export: the same printer, the same export folder. */
export function startCertificate(core: CultureCore, traineeId: string): JobState<{ path: string }> {
  const progress = core.training.progress(traineeId)
  if (!progress.certificate) {
    throw new CultureError('invalid_input', `${progress.trainee.name} has not completed the onboarding path with at least 80% yet.`)
  }
  const printer = core.printer?.()
  if (!printer) throw new CultureError('invalid_input', 'No PDF printer is available here. Install Chromium, or set CHROMIUM_PATH.')
  mkdirSync(core.exportDir, { recursive: true })
  const safeName = progress.trainee.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'trainee'
  const outPath = join(core.exportDir, `certificate-${safeName}.pdf`)
  const company = core.books.editions.list()[0]?.company ?? ''
  return core.jobs.start('certificate', async (ctx) => {
    ctx.progress('print', 0.3)
    await printCertificate(progress, { printer, outPath, company, date: new Date().toISOString().slice(0, 10) })
    ctx.progress('done', 1)
    return { path: outPath }
  })
}
