import { CultureError } from '../errors'
import { readPrintedPdf, type PrintedPdf } from './pdf-destinations'
import { firstAnswer, startWorker } from '../worker-thread'

/** Reads a printed PDF; stops (with book.exportCancelled) when the signal is aborted. */
export type PdfReader = (pdf: Uint8Array, signal?: AbortSignal) => Promise<PrintedPdf>

/** In this thread: pdf-lib parses a 1,500-page book in one block of seconds. For the command line and tests. */
export const readPdfHere: PdfReader = (pdf) => readPrintedPdf(pdf)

type Reply = { pages: [string, number][]; pageCount: number; catalog?: PrintedPdf['catalog'] } | { failure: string }

/**
 * In a worker thread (the built `pdf-worker.js` beside the main bundle, or pdf-worker.ts under tsx),
 * so the main process answers every other call meanwhile. A cancel ends the worker at once.
 */
export function pdfReaderInWorker(workerPath: string): PdfReader {
  return (pdf, signal) =>
    new Promise<PrintedPdf>((resolve, reject) => {
      if (signal?.aborted) return reject(new CultureError('book.exportCancelled'))
      // workerData is copied, so the caller keeps its bytes to write.
      const worker = startWorker(workerPath, pdf)
      const cancel = () => {
        void worker.terminate()
        reject(new CultureError('book.exportCancelled'))
      }
      signal?.addEventListener('abort', cancel, { once: true })
      firstAnswer<Reply>(worker, 'The PDF reading worker')
        .then((reply) => {
          if ('failure' in reply) reject(new Error(reply.failure))
          else resolve({ pages: new Map(reply.pages), pageCount: reply.pageCount, catalog: reply.catalog })
        }, reject)
        .finally(() => signal?.removeEventListener('abort', cancel))
    })
}
