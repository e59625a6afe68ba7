/**
 * `npm run book -- --library <file> --year 2026 --out culture-book-2026.pdf`
 * The yearly production run without the GUI: the same edition, composition and printer.
 * Options: BOOK_CLI_OPTIONS in core/shell-args.ts, or `npm run book -- --help`.
 */
import { extname, resolve } from 'node:path'
import { exportBook, type ExportFormat } from '../core/book/book-export'
import { exportCover } from '../core/book/book-cover'
import { noteText } from '../core/book/book-notes'
import { locateChromium } from '../core/book/chromium-locator'
import { chromiumPrinter } from '../core/book/chromium-printer'
import { openCore } from '../core/culture-core'
import { resolveLibraryPath, userDataDir } from '../core/library/library-location'
import { snapshotLibrary } from '../core/library/library-snapshot'
import { BOOK_CLI_OPTIONS, readCommandLine } from '../core/shell-args'
import { translator } from '../core/error-text'
import { asCultureError } from '../core/failure'
import { openLogFile } from '../core/log-file'

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function main() {
  const args = readCommandLine(process.argv.slice(2), 'npm run book --', BOOK_CLI_OPTIONS)
  // An unexpected failure is written in full to <user data>/logs/book.<date>.<n>.log; the terminal gets its reference.
  const log = await openLogFile(userDataDir(), 'book')
  const year = args.year ?? fail('Give the year of the book, e.g. --year 2026.')
  const out = resolve(args.out ?? `culture-book-${year}.pdf`)
  const format = (args.format ?? (extname(out).toLowerCase() === '.html' ? 'html' : 'pdf')) as ExportFormat
  if (format !== 'pdf' && format !== 'html') fail('--format must be pdf or html.')
  // The cover's spine is as wide as the printed book is thick: only a PDF says how many pages that is.
  if (args.cover && format !== 'pdf') fail('--cover needs a PDF book: its spine is as wide as the printed pages are thick.')

  const libraryPath = resolveLibraryPath(args.library, process.env, userDataDir())
  let core
  try {
    // A snapshot: the app may have the library open meanwhile, and printing never writes to it.
    core = openCore(await snapshotLibrary(libraryPath), { throwaway: true, log })
  } catch (err) {
    fail(`Cannot open the library: ${asCultureError(err, libraryPath, log).message}`)
  }
  try {
    const chromium = format === 'pdf' ? await locateChromium({ configured: args.chromium }) : undefined
    if (chromium) console.error(`Printing with ${chromium.description}`)
    const printer = chromium && chromiumPrinter(chromium)
    const model = core.books.model(year)
    console.error(`${model.edition.title}: ${model.storyCount} stories in ${model.chapters.length} chapters`)
    for (const gap of model.gaps) console.error(`  note: no stories for "${gap.name}"${gap.dropped ? ' (chapter dropped)' : ''}`)
    const result = await exportBook(model, {
      format,
      outPath: out,
      printer,
      // The stories' photos, from the snapshot like everything else.
      photo: (id) => core.photos.find(id),
      onProgress: (p) => process.stderr.write(`\r  ${p.phase.padEnd(10)} ${Math.round(p.fraction * 100)}%   `),
    })
    process.stderr.write('\n')
    // The command line stays English, like the log.
    for (const note of result.notes) console.error(`  note: ${noteText(note, translator('en'))}`)
    console.log(`Wrote ${result.path}${result.pages ? ` (${result.pages} pages)` : ''}.`)
    if (args.cover && printer && result.pages) {
      const cover = await exportCover(model.edition, result.pages, { printer, outPath: resolve(args.cover) })
      console.log(`Wrote ${cover.path} (the cover, spine ${cover.cover!.spine} mm).`)
    }
  } catch (err) {
    process.stderr.write('\n')
    fail(asCultureError(err, core.libraryPath, log).message)
  } finally {
    core.close()
  }
}

void main()
