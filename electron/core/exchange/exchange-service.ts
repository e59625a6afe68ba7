import { rmSync } from 'node:fs'
import type { ApiArgs, ApiResult } from '../api'
import { writeFileAtomically } from '../book/atomic-file'
import { CultureError } from '../errors'
import { fillReserved, reserveExportName } from '../export-names'
import { localDate } from '../format-date'
import type { JobRunner } from '../jobs/job-runner'
import { ownedTempDir } from '../owned-temp'
import type { PathPolicy } from '../path-policy'
import type { StoryRepository } from '../stories/story-repository'
import type { ValueRepository } from '../values/value-repository'
import type { PhotoRepository } from '../photos/photo-repository'
import { exportMarkdownFolder, readMarkdownFolder, type MarkdownReadResult } from './markdown-folder'
import { unpackUploadedFolder } from './markdown-upload'
import { packJson } from './pack-file'
import { runInSlices } from './slices'
import { uploadBytes } from './upload-bytes'
import type { StoryCsv } from './story-csv'
import type { StoryPacks } from './story-packs'

export interface ExchangeParts {
  /** Where exports go when the user names no file. */
  exportDir: string
  /** Which folders a caller may have read: the shell decides. */
  pathPolicy: PathPolicy
  jobs: JobRunner
  packs: StoryPacks
  csv: StoryCsv
  stories: StoryRepository
  values: ValueRepository
  /** Photos the stories show: written beside a Markdown export as files. */
  photos?: PhotoRepository
}

/**
 * Stories in and out of files: packs, CSV and Markdown folders. Each export claims a free, locally
 * dated name in the export folder and runs as a job; each import that reads rows runs as one too.
 */
export class ExchangeService {
  constructor(private parts: ExchangeParts) {}

  exportPack({ ids, sinceLastPack, zipped }: ApiArgs<'exchange.exportPack'>): ApiResult<'exchange.exportPack'> {
    const { jobs, packs } = this.parts
    const path = this.reserve('culture-book-stories', '.culturepack')
    return jobs.start('pack-export', () => fillReserved(path, () => packs.exportPack(path, { ids, sinceLastPack, zipped })))
  }

  /**
   * A pack file as uploaded (JSON or zipped, base64): what importing it would do. Decoding,
   * unzipping, parsing and comparing run a slice at a time, so a big pack never holds up other calls.
   */
  previewPack(base64: string): Promise<ApiResult<'exchange.previewPack'>> {
    const { packs } = this.parts
    return runInSlices(
      (function* () {
        return yield* packs.previewSteps(yield* packJson(yield* uploadBytes(base64)))
      })(),
    )
  }

  applyPack({ previewId, resolutions, valueMap }: ApiArgs<'exchange.applyPack'>): ApiResult<'exchange.applyPack'> {
    const { jobs, packs } = this.parts
    return jobs.start('pack-import', (ctx) => packs.apply(previewId, resolutions, valueMap, ctx))
  }

  csvImport({ previewId, mapping, defaultStatus }: ApiArgs<'exchange.csvImport'>): ApiResult<'exchange.csvImport'> {
    const { jobs, csv } = this.parts
    // Problems that need no reading of rows are reported at once, not as a failed job.
    csv.requireColumns(previewId, mapping)
    return jobs.start('csv-import', (ctx) => csv.import(previewId, mapping, defaultStatus, ctx))
  }

  csvExport(): ApiResult<'exchange.csvExport'> {
    const { jobs, csv } = this.parts
    const path = this.reserve('culture-book-stories', '.csv')
    return jobs.start('csv-export', () =>
      fillReserved(path, () => {
        writeFileAtomically(path, csv.export())
        return { path }
      }),
    )
  }

  markdownExport(): ApiResult<'exchange.markdownExport'> {
    const { jobs, stories, values, photos } = this.parts
    const folder = this.reserve('culture-book-markdown', '', 'folder')
    return jobs.start('markdown-export', () => fillReserved(folder, () => exportMarkdownFolder(folder, stories, values, photos)))
  }

  /** A folder of Markdown files, read as a pack would be; files that cannot be read are listed with why. */
  markdownPreview(folder: string): ApiResult<'exchange.markdownPreview'> {
    const { pathPolicy, values } = this.parts
    // The shell decides which folders a caller may have read: browser mode only inside the export folder.
    return this.previewRead(
      readMarkdownFolder(pathPolicy.allowRead(folder), values),
      folder,
      () => new CultureError('markdown.noStory', { folder }),
    )
  }

  /**
   * A Markdown folder uploaded from a browser (zipped by the page): unpacked into a temp folder of
   * this process, read by the same rules as a folder on disk, and removed again; its stories are
   * then previewed like a pack. Refused files are named by their place inside the uploaded folder.
   */
  async markdownUpload(base64: string): Promise<ApiResult<'exchange.markdownUpload'>> {
    const folder = ownedTempDir('preview')
    try {
      const picked = await runInSlices(
        (function* () {
          return yield* unpackUploadedFolder(yield* uploadBytes(base64), folder)
        })(),
      )
      return this.previewRead(readMarkdownFolder(picked, this.parts.values), '', () => new CultureError('markdown.uploadEmpty'))
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  }

  /** A read Markdown folder previewed like a pack; one without a story is refused, with the first refused file's reason if any. */
  private previewRead(
    { pack, refused }: MarkdownReadResult,
    folder: string,
    empty: () => CultureError,
  ): ApiResult<'exchange.markdownPreview'> {
    if (pack.stories.length === 0) {
      throw refused[0] ? new CultureError('markdown.noStoryBecause', { folder, file: refused[0].file, reason: refused[0].reason }) : empty()
    }
    return { ...this.parts.packs.preview(pack), refused }
  }

  /** A fresh name in the export folder, dated by the user's calendar, never an earlier export's. */
  private reserve(stem: string, ext: string, kind?: 'file' | 'folder'): string {
    return reserveExportName(this.parts.exportDir, `${stem}-${localDate()}`, ext, kind)
  }
}
