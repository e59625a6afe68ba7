import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { Writable } from 'node:stream'
import { Zip, ZipDeflate } from 'fflate'

/** The regular files under `folder`, by their path inside it with '/' separators, in a stable order. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/**
 * Writes `folder` (a Markdown export: a few MB of text and photos) to `out` as a zip under `root/`,
 * a file per turn of the event loop, so a browser can download what a desktop would show in a folder.
 * Resolves when the zip is written; a file that vanishes meanwhile rejects and the reply is cut short.
 */
export async function writeFolderZip(folder: string, root: string, out: Writable): Promise<void> {
  const zip = new Zip()
  const finished = new Promise<void>((resolve, reject) => {
    zip.ondata = (err, chunk, final) => {
      if (err) return reject(err)
      out.write(chunk)
      if (final) {
        out.end()
        resolve()
      }
    }
  })
  for (const name of filesUnder(folder)) {
    const entry = new ZipDeflate(`${root}/${name}`, { level: 6 })
    zip.add(entry)
    entry.push(readFileSync(join(folder, name)), true)
    await new Promise((next) => setImmediate(next))
  }
  zip.end()
  return finished
}
