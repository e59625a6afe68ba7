import type { CultureCore } from '../culture-core'
import { CultureError } from '../errors'
import { fillReserved, reserveExportName } from '../export-names'
import { localDate } from '../format-date'
import type { JobState } from '../jobs/job-state'
import { printCertificate } from './certificate'

/** The certificate as a job, like a book export: the same printer, the same export folder. */
export function startCertificate(core: CultureCore, traineeId: string): JobState<{ path: string }> {
  const progress = core.training.progress(traineeId)
  if (!progress.certificate) {
    throw new CultureError('trainee.notCertified', { name: progress.trainee.name })
  }
  const printer = core.printer?.()
  if (!printer) throw new CultureError('book.noPrinter')
  const safeName = progress.trainee.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'trainee'
  const outPath = reserveExportName(core.exportDir, `certificate-${safeName}`, '.pdf')
  const company = core.books.editions.list()[0]?.company ?? ''
  return core.jobs.start('certificate', (ctx) =>
    fillReserved(outPath, async () => {
      ctx.progress('print', 0.3)
      await printCertificate(progress, { printer, outPath, company, date: localDate(), language: progress.trainee.language })
      ctx.progress('done', 1)
      return { path: outPath }
    }),
  )
}
