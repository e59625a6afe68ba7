// Module hooks for a child process under plain Node + tsx: what Vite imports with `?raw` (the book's
// stylesheet) becomes a module whose default export is the file's text, as in the app's bundle.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('?raw')) {
    const text = readFileSync(fileURLToPath(url.slice(0, -'?raw'.length)), 'utf8')
    return { format: 'module', source: `export default ${JSON.stringify(text)}`, shortCircuit: true }
  }
  return nextLoad(url, context)
}
