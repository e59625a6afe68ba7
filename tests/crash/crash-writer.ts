/**
 * Child process for the crash test: writes stories as fast as it can and reports each write only
 * after the core has returned (committed). The parent kills it with SIGKILL at a random moment.
 */
import { writeSync } from 'node:fs'
import { openCore } from '../../electron/core/culture-core'
import { storyFields } from '../../electron/core/stories/story-input'
import { seededRandom } from '../bench/search-corpus'

const [library, seedText] = process.argv.slice(2)
const random = seededRandom(Number(seedText))
const core = openCore(library)
const value = core.values.list()[0].id
const ids: string[] = []
writeSync(1, 'ready\n')
for (let n = 1; ; n++) {
  const title = `write ${n}`
  const fields = storyFields.parse({
    title,
    body: `Body of write ${n}. `.repeat(1 + Math.floor(random() * 40)),
    author: 'Crash Test',
    happenedOn: '2026-01-01',
    valueIds: [value],
    primaryValueId: value,
  })
  let id: string
  if (ids.length && random() < 0.4) {
    id = ids[Math.floor(random() * ids.length)]
    core.stories.update(id, fields)
  } else {
    id = core.stories.create(fields, 'draft').id
    ids.push(id)
  }
  // Synchronous, so an acknowledgement is never left sitting in a buffer.
  writeSync(1, `ack ${id} ${n}\n`)
}
