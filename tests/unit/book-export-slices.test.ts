import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { writeFileAtomicallyInBackground } from '../../electron/core/book/atomic-file'
import { exportBook } from '../../electron/core/book/book-export'
import { renderBookSteps } from '../../electron/core/book/book-renderer'
import { chromiumPrinterInWorker } from '../../electron/core/book/chromium-printer'
import { pdfReaderInWorker } from '../../electron/core/book/pdf-reader'
import { openCore, type CultureCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import { CultureError } from '../../electron/core/errors'
import type { JobState } from '../../electron/core/jobs/job-state'
import { manyStories, tempCore, tempDir } from './temp-library'

/** The built app starts pdf-worker.js; tests start its source through tsx. */
const readPdfInWorker = pdfReaderInWorker(fileURLToPath(new URL('../../electron/core/book/pdf-worker.ts', import.meta.url)))

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A library of `count` approved stories of 2025, and the API the shells call, with exports in their own folder. */
const opened: CultureCore[] = []
afterEach(() => {
  while (opened.length) opened.pop()!.close()
})

function bookOf(count: number) {
  const exportDir = join(tempDir(), 'exports')
  const core = openCore(join(tempDir(), 'library.sqlite'), { exportDir })
  opened.push(core)
  manyStories(core, count, 'Story', 'approved')
  return { core, exportDir, dispatch: createDispatch(core) }
}

/** A three-page PDF with two named destinations, as pdf-lib writes it (loaded here, after the first test). */
async function threePagePdf(): Promise<Uint8Array> {
  const { PDFDocument, PDFName } = await import('pdf-lib')
  const doc = await PDFDocument.create()
  const pages = [doc.addPage(), doc.addPage(), doc.addPage()]
  const dest = (page: number) => doc.context.obj([pages[page].ref, PDFName.of('XYZ'), 0, 800, 0])
  doc.catalog.set(PDFName.of('Dests'), doc.context.obj({ 'chapter-1': dest(0), 'story-x': dest(2) }))
  return doc.save()
}

describe('a book export holds the main process for a slice at a time', () => {
  // First in the file: nothing before it has read a PDF.
  it('loads pdf-lib only when a printed PDF is read, not when the core starts', () => {
    const core = tempCore()
    expect(core.books.model(2025)).toBeTruthy()
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes(`${join('node_modules', 'pdf-lib')}`))
    expect(loaded).toEqual([])
  })

  it('composes the book one story per step, so no slice holds more than a few stories', () => {
    const { core } = bookOf(40)
    const book = core.books.model(2025)
    let steps = 0
    const render = renderBookSteps(book, { fontCss: '' })
    while (!render.next().done) steps++
    expect(book.storyCount).toBe(40)
    expect(steps).toBeGreaterThanOrEqual(40)
  })

  it('answers other calls and moves its progress bar while it composes 800 stories', async () => {
    const { core, dispatch } = bookOf(800)
    const composing: number[] = []
    core.changes.subscribe((event) => {
      if (event.job?.phase === 'compose') composing.push(event.job.progress)
    })
    const started = await dispatch('book.export', { year: 2025, format: 'html' })
    if (!started.ok) throw new Error(started.error.message)
    const id = (started.value as JobState).id
    let answeredMeanwhile = 0
    while (core.jobs.get(id).state === 'running') {
      const values = await dispatch('values.list', {})
      const job = await dispatch('jobs.get', { id })
      if (values.ok && job.ok && (job.value as JobState).state === 'running') answeredMeanwhile++
      await turn()
    }
    const job = core.jobs.get(id) as JobState<{ path: string }>
    expect(job.state).toBe('done')
    expect(readFileSync(job.result!.path, 'utf8')).toContain('Story 799')
    // Before, the whole export ran inside the book.export call: nothing else answered until it was written.
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3)
    expect(new Set(composing).size).toBeGreaterThanOrEqual(3)
  })

  it('answers other calls while it plans the book page of 2,500 stories (book.plan)', async () => {
    const { dispatch } = bookOf(2500)
    // A clock that moves 5 ms a reading, so every other step ends a slice however fast this machine is.
    let clock = performance.now()
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5))
    onTestFinished(() => now.mockRestore())
    let planned = false
    let answeredMeanwhile = 0
    const plan = dispatch('book.plan', { year: 2025 }).finally(() => (planned = true))
    while (!planned) {
      await turn()
      if ((await dispatch('values.list', {})).ok && !planned) answeredMeanwhile++
    }
    const answer = await plan
    if (!answer.ok) throw new Error(answer.error.message)
    expect((answer.value as { chapters: { stories: unknown[] }[] }).chapters.flatMap((c) => c.stories)).toHaveLength(2500)
    // Before, the whole model was built inside the call: nothing else answered until it returned.
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(2)
  })

  it('stops when cancelled halfway through composing, and leaves no file behind', async () => {
    const { core, dispatch, exportDir } = bookOf(800)
    const started = await dispatch('book.export', { year: 2025, format: 'html' })
    if (!started.ok) throw new Error(started.error.message)
    const id = (started.value as JobState).id
    // Under way: the first stories are composed, the file is not written yet.
    while (core.jobs.get(id).state === 'running' && core.jobs.get(id).progress <= 0.05) await turn()
    expect(core.jobs.get(id)).toMatchObject({ state: 'running', phase: 'compose' })
    expect((await dispatch('jobs.cancel', { id })).ok).toBe(true)
    while (core.jobs.get(id).state === 'running') await turn()
    expect(core.jobs.get(id)).toMatchObject({ state: 'cancelled', error: { code: 'book.exportCancelled' } })
    expect(readdirSync(exportDir)).toEqual([])
  })
})

describe('reading a printed PDF in a worker thread', () => {
  it('finds the same pages and page count as pdf-lib in this thread', async () => {
    const { readPrintedPdf } = await import('../../electron/core/book/pdf-destinations')
    const pdf = await threePagePdf()
    const read = await readPdfInWorker(pdf)
    expect(Object.fromEntries(read.pages)).toEqual({ 'chapter-1': 1, 'story-x': 3 })
    expect(read.pageCount).toBe(3)
    expect(read).toEqual(await readPrintedPdf(pdf))
  })

  it('stops the worker when the export is cancelled', async () => {
    const controller = new AbortController()
    const reading = readPdfInWorker(await threePagePdf(), controller.signal)
    controller.abort()
    const err = await reading.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CultureError)
    expect((err as CultureError).code).toBe('book.exportCancelled')
  })

  it('says what is wrong with a file that is not a PDF', async () => {
    await expect(readPdfInWorker(new TextEncoder().encode('not a pdf'))).rejects.toThrow(/No PDF header/)
  })
})

describe('printing through worker threads', () => {
  it('exports a PDF with its page numbers while Chromium and pdf-lib run off the main thread', async () => {
    const { core, exportDir } = bookOf(12)
    const printer = chromiumPrinterInWorker(fileURLToPath(new URL('../../electron/core/book/chromium-worker.ts', import.meta.url)))
    const out = join(exportDir, 'book.pdf')
    mkdirSync(exportDir, { recursive: true })
    const result = await exportBook(core.books.model(2025), { format: 'pdf', outPath: out, printer, readPdf: readPdfInWorker })
    const printed = await readPdfInWorker(readFileSync(out))
    expect(result.pages).toBe(printed.pageCount)
    expect(result.pages).toBeGreaterThan(3)
    // Every chapter and story that the contents and the contributors' list point at has its page.
    expect(printed.pages.size).toBeGreaterThanOrEqual(12)
    expect(readdirSync(exportDir)).toEqual(['book.pdf'])
  }, 60_000)

  it('names the failure when the printer cannot start, as the printer in this thread does', async () => {
    const printer = chromiumPrinterInWorker(fileURLToPath(new URL('../../electron/core/book/chromium-worker.ts', import.meta.url)), {
      executablePath: join(tempDir(), 'no-chromium-here'),
      description: 'a Chromium that is not there',
    })
    const err = await printer.open('<p>x</p>', () => null).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CultureError)
    expect((err as CultureError).code).toBe('book.printFailed')
    expect((err as CultureError).message).toContain('a Chromium that is not there')
  }, 60_000)
})

describe('writing the book without blocking', () => {
  it('replaces a file whole, and leaves no temporary file behind', async () => {
    const dir = tempDir()
    const file = join(dir, 'book.pdf')
    await writeFileAtomicallyInBackground(file, 'old')
    await writeFileAtomicallyInBackground(file, new TextEncoder().encode('new'))
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['book.pdf'])
  })

  it('names the folder it cannot write to', async () => {
    const dir = join(tempDir(), 'no-such-folder')
    await expect(writeFileAtomicallyInBackground(join(dir, 'book.pdf'), 'x')).rejects.toThrow(
      `Cannot write to the folder "${dir}": ENOENT.`,
    )
  })
})
