import { readFileSync, renameSync, writeFileSync } from 'node:fs'

/** A small state file in the user-data folder (window bounds, team libraries), or null when it is missing or not JSON. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

/** Written beside, then renamed into place: a reader (the next start) sees the old file or the new one, never half of one. */
export function writeJsonFile(file: string, value: unknown): void {
  const tmp = `${file}.tmp`
  writeFileSync(tmp, JSON.stringify(value))
  renameSync(tmp, file)
}
