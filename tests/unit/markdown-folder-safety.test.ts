import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportMarkdownFolder, MARKDOWN_FILE_MAX_BYTES, type MarkdownReadResult } from '../../electron/core/exchange/markdown-folder'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, tempDir } from './temp-library'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * Reads the folder in a child process, killed after `ms` and held to 512 MB: a reader that blocks
 * on a pipe or reads a device without end fails the test instead of hanging or filling the runner.
 */
function readInChild(folder: string, ms: number): MarkdownReadResult {
  const script = join(ROOT, 'tests/crash/markdown-reader.ts')
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=512', '--import', 'tsx', script, join(tempDir(), 'reader.sqlite'), folder],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: ms,
      killSignal: 'SIGKILL',
    },
  )
  const out = run.stdout.split('\n').find((l) => /^(result|refused) /.test(l))
  if (!out) throw new Error(`the reader gave no answer (${run.signal ?? `exit ${run.status}`}): ${run.stderr.slice(0, 500)}`)
  if (out.startsWith('refused ')) throw new Error(`the whole folder was refused: ${out}`)
  return JSON.parse(out.slice('result '.length)) as MarkdownReadResult
}

describe('Markdown folder import reads only regular files inside the folder (defect 8)', () => {
  it('imports the good files and lists every link out, pipe, socket, device, folder and oversized file with its reason', async () => {
    const source = tempCore()
    for (const title of ['First good story', 'Second good story']) {
      source.stories.create(storyFields.parse(storyInput(source, { title })), 'approved')
    }
    const folder = join(tempDir(), 'stories')
    exportMarkdownFolder(folder, source.stories, source.values)
    const good = readdirSync(folder).sort()

    // A story file outside the chosen folder, reached only through a link.
    const outside = join(tempDir(), 'secret')
    exportMarkdownFolder(outside, source.stories, source.values)
    symlinkSync(join(outside, readdirSync(outside)[0]), join(folder, 'escape.md'))
    symlinkSync(outside, join(folder, 'escape-folder.md'))
    symlinkSync('/dev/zero', join(folder, 'zero.md'))
    symlinkSync(join(folder, 'nowhere.md'), join(folder, 'dangling.md'))
    // A link that stays inside is followed, but the same file is not read twice.
    symlinkSync(join(folder, good[0]), join(folder, 'zz-same.md'))
    execFileSync('mkfifo', [join(folder, 'pipe.md')])
    const server = createServer().listen(join(folder, 'socket.md'))
    await new Promise((r) => server.once('listening', r))
    mkdirSync(join(folder, 'x.md'))
    copyFileSync(join(folder, good[0]), join(folder, 'big.md'))
    writeFileSync(join(folder, 'big.md'), `\n${'a'.repeat(MARKDOWN_FILE_MAX_BYTES)}\n`, { flag: 'a' })

    try {
      const started = Date.now()
      const { pack, refused } = readInChild(folder, 20_000)
      // Starting a child with tsx takes a few seconds; a blocked pipe read would take until the kill.
      expect(Date.now() - started).toBeLessThan(15_000)

      expect(new Map(refused.map((r) => [r.file, r.reason]))).toEqual(
        new Map([
          ['big.md', 'it is 2.0 MB or more; a story file may be at most 2 MB.'],
          ['dangling.md', 'it is a link to something that does not exist.'],
          ['escape-folder.md', 'it is a link to a place outside the folder; links out of the folder are not followed.'],
          ['escape.md', 'it is a link to a place outside the folder; links out of the folder are not followed.'],
          ['pipe.md', 'it is a named pipe, not a file.'],
          ['socket.md', 'it is a socket, not a file.'],
          ['x.md', 'it is a folder, not a file.'],
          ['zero.md', 'it is a link to a place outside the folder; links out of the folder are not followed.'],
          ['zz-same.md', 'it is the same file as another one in the folder, which is read already.'],
        ]),
      )
      expect(pack.stories.map((s) => s.title).sort()).toEqual(['First good story', 'Second good story'])

      const target = tempCore()
      const preview = target.packs.preview(pack)
      expect(preview.fresh).toHaveLength(2)
      await target.packs.apply(preview.previewId, {}, {})
      expect(target.stories.list({ sort: 'title', trashed: false, offset: 0, limit: 10 }).items.map((s) => s.title)).toEqual([
        'First good story',
        'Second good story',
      ])
    } finally {
      server.close()
    }
  }, 30_000)

  it('reads a folder chosen through a link where it really is', async () => {
    const real = join(tempDir(), 'real')
    const source = tempCore()
    source.stories.create(storyFields.parse(storyInput(source, { title: 'Through a link' })), 'draft')
    exportMarkdownFolder(real, source.stories, source.values)
    const linked = join(tempDir(), 'linked')
    symlinkSync(real, linked)
    const { pack, refused } = readInChild(linked, 20_000)
    expect(refused).toEqual([])
    expect(pack.stories.map((s) => s.title)).toEqual(['Through a link'])
  }, 30_000)
})
