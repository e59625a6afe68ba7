/**
 * Run by read-only-library.test.ts as an unprivileged user (root may write anything): opens a library
 * whose file it may only read, as after `chmod 444`, and tries to save a story through the contract.
 * Prints the contract's answer as JSON.
 *   node --import tsx tests/unit/read-only-library.child.ts <library>
 */
import { register } from 'node:module'

// The contract reaches the book renderer, which imports its stylesheet the Vite way.
register('./raw-import-hooks.mjs', import.meta.url)
const { openCore } = await import('../../electron/core/culture-core')
const { createDispatch } = await import('../../electron/core/dispatch')

const [library] = process.argv.slice(2)
const core = openCore(library, { exportDir: `${library}.exports` })
const value = core.values.list()[0].id
const fields = {
  title: 'Saved to a read-only library',
  body: 'It happened.',
  author: 'Ann',
  happenedOn: '2025-01-01',
  valueIds: [value],
  primaryValueId: value,
}
const result = await createDispatch(core)('stories.create', { fields })
core.close()
process.stdout.write(JSON.stringify(result))
