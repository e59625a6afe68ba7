import { statSync } from 'node:fs'
import { CultureError } from '../errors'
import type { JobRunner } from './job-runner'

/**
 * The file a finished job of this run wrote (a book, a pack, a CSV, a certificate) or the folder it
 * filled (a Markdown export), for a shell to open, show or serve (browser mode zips a folder). The
 * page names a job, never a path, so it can reach nothing else. Null for an unknown job, one still
 * running or failed, and a file or folder removed or replaced by the other kind since.
 */
export function finishedJobFile(jobs: JobRunner, jobId: string): string | null {
  let job
  try {
    job = jobs.get(jobId)
  } catch (err) {
    if (err instanceof CultureError) return null
    throw err
  }
  const result = job.result as { path?: unknown; folder?: unknown } | undefined
  if (job.state !== 'done') return null
  if (typeof result?.path === 'string') return statSync(result.path, { throwIfNoEntry: false })?.isFile() ? result.path : null
  if (typeof result?.folder === 'string') return statSync(result.folder, { throwIfNoEntry: false })?.isDirectory() ? result.folder : null
  return null
}
