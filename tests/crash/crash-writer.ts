/**
 * Child process for the crash test: writes as fast as it can and reports each write only after the
 * core has returned (committed). The parent kills it with SIGKILL at a random moment.
 *   edits:   creates and updates single stories; acknowledges each
 *   imports: imports CSV batches of BATCH rows; acknowledges each whole batch
 */
import { writeSync } from 'node:fs'
import { openCore } from '../../electron/core/culture-core'
import { storyFields } from '../../electron/core/stories/story-input'
import { seededRandom } from '../bench/search-corpus'

export const BATCH = 1500
const [library, seedText, mode] = process.argv.slice(2)
const random = seededRandom(Number(seedText))
const core = openCore(library)
const value = core.values.list()[0]
writeSync(1, 'ready\n')

if (mode === 'imports') {
  for (let batch = 1; ; batch++) {
    const lines = ['Title,Story,Name,Date,Values']
    for (let i = 0; i < BATCH; i++)
      lines.push(`Batch ${batch} row ${i},Imported story ${i} of batch ${batch}.,Importer,2025-05-05,${value.slug}`)
    const preview = core.csv.preview(Buffer.from(lines.join('\n')).toString('base64'))
    const result = await core.csv.import(preview.previewId, { title: 0, body: 1, author: 2, happenedOn: 3, values: 4 }, 'draft')
    writeSync(1, `ack-import ${result.ok}\n`)
  }
} else {
  const ids: string[] = []
  for (let n = 1; ; n++) {
    const fields = storyFields.parse({
      title: `write ${n}`,
      body: `Body of write ${n}. `.repeat(1 + Math.floor(random() * 40)),
      author: 'Crash Test',
      happenedOn: '2026-01-01',
      valueIds: [value.id],
      primaryValueId: value.id,
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
}
