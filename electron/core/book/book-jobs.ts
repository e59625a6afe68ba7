import type { ApiArgs } from '../api'
import type { CultureCore } from '../culture-core'
import { CultureError } from '../errors'
import { fillReserved, reserveExportName } from '../export-names'
import { previewDir } from '../owned-temp'
import type { JobState } from '../jobs/job-state'
import { checkCancelled, exportBook } from './book-export'
import { exportCover } from './book-cover'
import type { ExportResult } from './book-model'
import { runInSlices } from '../exchange/slices'

/**
 * Checks what can be checked at once (an empty year, no printer), so the user hears about it before
 * any progress bar appears; then runs the export as a cancellable job. The job reads the library and
 * composes the book in slices, so the main process answers other calls (and the cancel) meanwhile.
 */
export function startBookExport(core: CultureCore, input: ApiArgs<'book.export'>): JobState<ExportResult> {
  // A count, not the book: reading thousands of stories here would hold up every other call.
  if (core.books.storiesToDrawOn(input.year) === 0) {
    throw new CultureError('book.noStories', { year: String(input.year) })
  }
  const printed = input.format !== 'html'
  const printer = printed ? core.printer?.() : undefined
  if (printed && !printer) {
    throw new CultureError('book.noPrinter')
  }
  // A file the caller names is the shell's to allow; otherwise a fresh name, never an earlier export's.
  const chosen = input.path ? core.pathPolicy.allowWrite(input.path) : null
  const [name, extension] =
    input.format === 'cover' ? [`culture-book-${input.year}-cover`, '.pdf'] : [`culture-book-${input.year}`, `.${input.format}`]
  const path = chosen ?? reserveExportName(input.preview ? previewDir() : core.exportDir, name, extension)
  return core.jobs.start('book-export', (ctx) => {
    const write = async () => {
      // The cover: one page, from the edition and the interior's page count (the contract requires it for a cover).
      if (input.format === 'cover')
        return exportCover(core.books.editions.open(input.year), input.pages!, { printer: printer!, outPath: path })
      const model = await runInSlices(core.books.modelSteps(input.year), () => checkCancelled(ctx.signal))
      // Left out of the book (excluded stories, dropped chapters): exportBook says so, as the job's failure.
      return exportBook(model, {
        format: input.format,
        outPath: path,
        printer,
        readPdf: core.readPdf,
        photo: (id) => core.photos.find(id),
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p.phase, p.fraction),
      })
    }
    return chosen ? write() : fillReserved(path, write)
  })
}
