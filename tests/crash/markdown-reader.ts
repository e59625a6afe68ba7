/**
 * Child process for the Markdown folder test: reads a folder as the import does and prints the
 * result as one JSON line. In its own process so that a reader that blocks on a pipe, or reads a
 * device without end, is killed by the test's timeout instead of hanging or filling the test runner.
 *   node --import tsx tests/crash/markdown-reader.ts <library> <folder>
 */
import { writeSync } from 'node:fs'
import { openCore } from '../../electron/core/culture-core'
import { readMarkdownFolder } from '../../electron/core/exchange/markdown-folder'

const [library, folder] = process.argv.slice(2)
const core = openCore(library)
try {
  writeSync(1, `result ${JSON.stringify(readMarkdownFolder(folder, core.values))}\n`)
} catch (err) {
  writeSync(1, `refused ${(err as Error).message}\n`)
} finally {
  core.close()
}
