/**
 * Worker thread entry: drives Chromium for browser mode's printer. Loading playwright-core, handing
 * a book of megabytes to the page and taking a PDF of tens of megabytes back cost the main process
 * hundreds of milliseconds at a time; here they cost it nothing.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { CultureError } from '../errors'
import { fontFile } from './book-fonts'
import type { LocatedChromium } from './chromium-locator'
import { chromiumPrinter, type PrinterReply, type PrinterRequest } from './chromium-printer'
import type { PrintSession } from './pdf-printer'

const port = parentPort!
let session: PrintSession | undefined

async function answer(request: PrinterRequest): Promise<void> {
  if (request.op === 'open') session = await chromiumPrinter(workerData as LocatedChromium | undefined).open(request.html, fontFile)
  else if (request.op === 'number') await session!.number(request.numbering)
  else if (request.op === 'close') await session?.close()
  else {
    const pdf = await session!.print()
    return port.postMessage({ pdf } satisfies PrinterReply, [pdf.buffer as ArrayBuffer])
  }
  port.postMessage({} satisfies PrinterReply)
}

port.on('message', (request: PrinterRequest) =>
  answer(request).catch((err: unknown) =>
    port.postMessage((err instanceof CultureError ? { error: err.toInfo() } : { failure: (err as Error).message }) satisfies PrinterReply),
  ),
)
