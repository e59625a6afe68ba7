/**
 * Child process for the lock test: opens a library as another shell would, says "ready", and
 * holds it until a line "close" arrives on stdin (then closes and says "closed"), or until killed.
 *   node --import tsx tests/crash/library-holder.ts <library> <owner>
 */
import { writeSync } from 'node:fs'
import { openCore } from '../../electron/core/culture-core'

const [library, owner] = process.argv.slice(2)
try {
  const core = openCore(library, { owner })
  writeSync(1, 'ready\n')
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (line: string) => {
    if (!line.includes('close')) return
    core.close()
    writeSync(1, 'closed\n')
    process.exit(0)
  })
} catch (err) {
  writeSync(1, `refused ${(err as Error).message}\n`)
  process.exit(0)
}
