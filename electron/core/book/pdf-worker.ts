/** Worker thread entry: reads a printed PDF (pdf-lib, seconds for a thick book) off the main thread. */
import { parentPort, workerData } from 'node:worker_threads'
import { readPrintedPdf } from './pdf-destinations'

try {
  const { pages, pageCount, catalog } = await readPrintedPdf(workerData as Uint8Array)
  parentPort!.postMessage({ pages: [...pages], pageCount, catalog })
} catch (err) {
  parentPort!.postMessage({ failure: (err as Error).message })
}
