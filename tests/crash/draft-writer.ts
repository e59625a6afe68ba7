/**
 * Child process for the drafts test: saves an editor's draft as the contract's drafts.save does (the
 * same schema, the same repository) while someone types, says "saved <savedAt>" once the core has
 * answered, and waits to be killed without ever closing the library. (dispatch.ts itself pulls in the
 * book's raw CSS imports, which plain tsx cannot load.)
 *   node --import tsx tests/crash/draft-writer.ts <library> <story id> <body>
 */
import { writeSync } from 'node:fs'
import { api } from '../../electron/core/api'
import { openCore } from '../../electron/core/culture-core'

const [library, id, body] = process.argv.slice(2)
const core = openCore(library)
const { savedAt } = core.drafts.save(api['drafts.save'].input.parse({ kind: 'story', id, content: { title: 'Half written', body } }))
writeSync(1, `saved ${savedAt}\n`)
setInterval(() => {}, 60_000)
