import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../electron/core/api'
import { createDispatch } from '../../electron/core/dispatch'
import { exportMarkdownFolder, MARKDOWN_FILE_MAX_BYTES } from '../../electron/core/exchange/markdown-folder'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

/** What the page does with the files of a folder the user picked: one zip, base64, in one call. */
function upload(files: Zippable): string {
  return Buffer.from(zipSync(files)).toString('base64')
}

/** The files of a Markdown folder exported from a library holding one approved story, as the page zips them. */
function exportedFolder(): Zippable {
  const core = tempCore()
  core.stories.create(storyFields.parse(storyInput(core, { title: 'Boots for a giraffe' })), 'approved')
  const folder = join(tempDir(), 'export')
  exportMarkdownFolder(folder, core.stories, core.values)
  core.close()
  const files: Zippable = {}
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    if (name.endsWith('.md')) files[`export/${name}`] = new Uint8Array(readFileSync(join(folder, name)))
  }
  return files
}

/** This process's unpacked uploads still on disk. */
const unpacked = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`culture-book-preview-${process.pid}-`))

async function call(base64: string): Promise<ApiResponse<unknown>> {
  const core = tempCore()
  try {
    return await createDispatch(core)('exchange.markdownUpload', { base64 })
  } finally {
    core.close()
  }
}

describe('a Markdown folder uploaded from a browser (issue 13: browser mode wanted a path typed on the server)', () => {
  it('previews the stories of the picked folder like a pack, and leaves nothing unpacked behind', async () => {
    const before = unpacked().length
    const files = exportedFolder()
    files['export/notes.md'] = strToU8('no front matter here')
    const answer = await call(upload(files))
    expect(answer.ok ? null : answer.error).toBeNull()
    if (!answer.ok) return
    const preview = answer.value as { fresh: { title: string }[]; refused: { file: string }[] }
    expect(preview.fresh.map((s) => s.title)).toEqual(['Boots for a giraffe'])
    // Named by their place inside the picked folder, never by the temp folder's path.
    expect(preview.refused.map((r) => r.file)).toEqual(['notes.md'])
    expect(unpacked().length).toBe(before)
  })

  it.each([['../outside.md'], ['/etc/passwd.md'], ['a\\..\\b.md'], ['C:/x.md'], ['a/./b.md']])(
    'refuses a zip with the unsafe name %s before unpacking anything',
    async (name) => {
      const answer = await call(upload({ ...exportedFolder(), [name]: strToU8('x') }))
      expect(answer.ok).toBe(false)
      if (answer.ok) return
      expect(answer.error.code).toBe('markdown.uploadUnsafeName')
      expect(existsSync(join(tmpdir(), 'outside.md'))).toBe(false)
    },
  )

  it('applies the folder rules to what it unpacks: an oversize story file is listed, not read', async () => {
    const files = exportedFolder()
    files['export/huge.md'] = new Uint8Array(MARKDOWN_FILE_MAX_BYTES + 1).fill(0x61)
    const answer = await call(upload(files))
    expect(answer.ok && (answer.value as { refused: { file: string }[] }).refused.map((r) => r.file)).toEqual(['huge.md'])
  })

  it('says what to choose when the folder holds no Markdown, and refuses what is not a zip', async () => {
    const empty = await call(upload({ 'photos/readme.txt': strToU8('hello') }))
    expect(!empty.ok && empty.error.code).toBe('markdown.uploadEmpty')
    const garbage = await call(Buffer.from('not a zip at all').toString('base64'))
    expect(!garbage.ok && garbage.error.code).toBe('markdown.uploadUnreadable')
  })

  it('refuses a zip whose declared sizes add up past the folder limit without inflating it', async () => {
    const files = exportedFolder()
    // 65 MB of zeros deflates to ~64 KB: the declared size is what is checked first.
    files['export/zeros.md'] = new Uint8Array(65 * 1024 * 1024)
    const answer = await call(upload(files))
    expect(!answer.ok && answer.error.code).toBe('markdown.uploadTooLarge')
  })
})
